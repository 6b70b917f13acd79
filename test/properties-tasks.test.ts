import fc from 'fast-check';
import {
  CLOSED_STATUSES,
  TASK_STATUSES,
  officerTaskIdFor,
  officerTasks,
  type TaskStatus,
} from '../models/officer-task.js';
import { completeByPayments, completeTask, ensureTasks, markNotApplicable } from '../services/reminders/tasks.js';
import type { Scope } from '../services/officers/scope.js';
import { acting, anOfficerWithChat } from './support/broadcasts.js';
import { onlyAppErrors } from './support/properties.js';
import { saveCommunes } from '../services/register/communes.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/*
 * The commune task machine (models/officer-task.ts: open → done | not_applicable, never reopened)
 * under random sequences of the real operations: the month's tasks made again, Done from a commune
 * officer or the province, "not applicable" (province only; a commune officer is refused), the
 * payments import's proof, and a calendar change moving open deadlines.
 */

const ALLOWED: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['done', 'not_applicable'],
  done: [],
  not_applicable: [],
};
const PERIOD = '2026-11';
const OPS = [
  'ensure',
  'doneByCommune',
  'doneByProvince',
  'naByProvince',
  'naByCommune',
  'payments',
  'moveDeadline',
] as const;
type Op = { op: (typeof OPS)[number]; task: number };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const now = () => new Date('2026-11-20T03:00:00Z');
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());

describe('the commune task state machine', () => {
  it('when officers, the import and calendar changes act in any order, then a task only goes from open to closed, and a closed task never changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ op: fc.constantFrom(...OPS), task: fc.nat(5) }), { minLength: 1, maxLength: 20 }),
        async (steps: Op[]) => {
          await emptyDatabase();
          await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
            sealer: rt.sealer,
            entryPoint: 'import',
            actor: 'test',
          });
          const commune: Scope = (await anOfficerWithChat('c', 'commune_officer', '01', ['00004'], '9101')).scope;
          const province: Scope = (await anOfficerWithChat('p', 'province_admin', '01', [], '9102')).scope;
          const tasks = await ensureTasks('01', PERIOD);
          expect(tasks.length).toBeGreaterThan(0);
          const ids = tasks.map((t) => t.id);
          let before = new Map(tasks.map((t) => [t.id, t]));
          for (const step of steps) {
            const id = ids[step.task % ids.length]!;
            await onlyAppErrors(async () => {
              if (step.op === 'ensure') await ensureTasks('01', PERIOD);
              if (step.op === 'doneByCommune') await completeTask(acting(commune, now), id, 'telegram');
              if (step.op === 'doneByProvince') await completeTask(acting(province, now), id, 'miniapp');
              if (step.op === 'naByProvince') await markNotApplicable(acting(province, now), id);
              if (step.op === 'naByCommune') await markNotApplicable(acting(commune, now), id);
              if (step.op === 'payments') await completeByPayments(['00004'], PERIOD, now());
              if (step.op === 'moveDeadline')
                await officerTasks.moveOpenDeadlines('01', before.get(id)!.task, PERIOD, `2026-11-${10 + step.task}`);
            });
            const after = await officerTasks.ofPeriod({ provinceCode: '01' }, PERIOD);
            expect(after.map((t) => t.id).sort()).toEqual([...ids].sort());
            for (const t of after) {
              const from = before.get(t.id)!;
              expect(TASK_STATUSES).toContain(t.status);
              const taken = { step, from: from.status, to: t.status };
              expect({
                ...taken,
                allowed: t.status === from.status || ALLOWED[from.status].includes(t.status),
              }).toEqual({
                ...taken,
                allowed: true,
              });
              // Closed: who, when and how are kept, and nothing about the task moves again.
              expect(t.completedAt !== null && t.completedBy !== null).toBe(CLOSED_STATUSES.has(t.status));
              if (CLOSED_STATUSES.has(from.status)) expect(t).toEqual(from);
            }
            // A commune officer cannot mark a task not applicable.
            if (step.op === 'naByCommune') expect(after.find((t) => t.id === id)).toEqual(before.get(id));
            if (step.op === 'payments') {
              const list = after.find((t) => t.id === officerTaskIdFor('00004', 'payment_list', PERIOD));
              if (list) expect(CLOSED_STATUSES.has(list.status)).toBe(true);
            }
            before = new Map(after.map((t) => [t.id, t]));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
