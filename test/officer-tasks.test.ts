import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auditLog } from '../models/audit.js';
import { officerTaskIdFor, officerTasks } from '../models/officer-task.js';
import { importFile } from '../services/imports/run-import.js';
import { scopeOfOfficer } from '../services/officers/identity.js';
import { OPERATOR, type Acting } from '../services/officers/scope.js';
import {
  calendarOf,
  deadlineDay,
  defaultCalendar,
  vnDay,
  vnInstant,
  workingDaysAfter,
} from '../services/reminders/calendar.js';
import { editCalendar } from '../services/reminders/calendar-edit.js';
import { completeTask, ensureTasks, markNotApplicable, tasksOf } from '../services/reminders/tasks.js';
import { aBeneficiaryRow, aPaymentRow, BENEFICIARY_COLUMNS, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { anOfficer } from './support/officer-sessions.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const COMMUNES = fileURLToPath(new URL('../models/data/communes-demo.csv', import.meta.url));
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const clock = { now: new Date('2026-12-10T03:00:00Z') };
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'import' as const, actor: 'test' });

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  await importFile('communes', COMMUNES, ctx(), { writeRejects: false });
});

async function actingAs(role: 'commune_officer' | 'province_admin', communeCodes = ['00004']): Promise<Acting> {
  const { officerId } = await anOfficer(rt, { role, communeCodes });
  return { scope: (await scopeOfOfficer(officerId))!, entryPoint: 'miniapp', via: 'web', now: () => clock.now };
}
const taskOf = (commune: string, task: string, period: string) => officerTaskIdFor(commune, task, period);

describe('the calendar', () => {
  const cal = defaultCalendar('01');

  test('when the deadline day falls on a Sunday, then it moves to the Monday after', () => {
    expect(new Date('2026-12-20T00:00:00Z').getUTCDay()).toBe(0);
    expect(deadlineDay(cal, 'monthly_changes', '2026-12')).toBe('2026-12-21');
    expect(deadlineDay(cal, 'payment_list', '2026-12')).toBe('2026-12-25');
  });

  test('when the deadline falls in the Tết break, then it moves past the break', () => {
    expect(deadlineDay(cal, 'monthly_changes', '2026-02')).toBe('2026-02-23');
    // 2027: the 20th of February is a Saturday after the break, so the Monday.
    expect(deadlineDay(cal, 'monthly_changes', '2027-02')).toBe('2027-02-22');
  });

  test('when a statutory holiday falls on a weekend, then the next working day is off too', () => {
    expect(cal.holidays.has('2026-04-26')).toBe(true); // Hùng Kings, a Sunday
    expect(cal.holidays.has('2026-04-27')).toBe(true);
    expect(cal.holidays.has('2027-05-03')).toBe(true); // 1/5/2027 is a Saturday
    expect(cal.holidays.has('2026-09-01') && cal.holidays.has('2026-09-02')).toBe(true);
  });

  test('when counting working days late, then weekends and holidays do not count', () => {
    expect(workingDaysAfter(cal, '2026-12-25', '2026-12-25')).toBe(0);
    expect(workingDaysAfter(cal, '2026-12-25', '2026-12-28')).toBe(1); // Fri → Mon
    expect(workingDaysAfter(cal, '2026-12-25', '2027-01-04')).toBe(5); // 1/1 is off
  });

  test('when an instant is late evening UTC, then the Vietnamese day is the next one', () => {
    expect(vnDay(new Date('2026-12-20T17:30:00Z'))).toBe('2026-12-21');
    expect(vnInstant('2026-12-21', '08:00').toISOString()).toBe('2026-12-21T01:00:00.000Z');
  });
});

describe('tasks', () => {
  test('when tasks are ensured twice, then each commune has one task of each kind with the calendar deadline', async () => {
    await ensureTasks('01', '2026-12');
    await ensureTasks('01', '2026-12');
    const tasks = await tasksOf({ provinceCode: '01' }, '2026-12');
    expect(tasks).toHaveLength(6);
    expect(tasks.filter((t) => t.task === 'monthly_changes').map((t) => t.deadlineDay)).toEqual(
      Array(3).fill('2026-12-21'),
    );
    expect(tasks.every((t) => t.status === 'open')).toBe(true);
  });

  test('when the province adds a holiday, then open tasks move and done ones keep their deadline', async () => {
    await ensureTasks('01', '2026-12');
    const admin = await actingAs('province_admin', []);
    await completeTask(admin, taskOf('00008', 'monthly_changes', '2026-12'), 'web');
    const holidays = [...(await calendarOf('01')).holidays, '2026-12-21'];
    await editCalendar(admin, { holidays });

    expect((await officerTasks.byId(taskOf('00004', 'monthly_changes', '2026-12')))!.deadlineDay).toBe('2026-12-22');
    expect((await officerTasks.byId(taskOf('00008', 'monthly_changes', '2026-12')))!.deadlineDay).toBe('2026-12-21');
    await editCalendar(admin, { tasks: [{ key: 'payment_list', day: 10 }] });
    expect((await officerTasks.byId(taskOf('00004', 'payment_list', '2026-12')))!.deadlineDay).toBe('2026-12-10');
    expect((await calendarOf('01')).holidays.has('2026-12-21')).toBe(true);
  });

  test('when a commune officer edits the calendar, then it is refused', async () => {
    const officer = await actingAs('commune_officer');
    await expect(editCalendar(officer, { tasks: [{ key: 'payment_list', day: 10 }] })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const admin = await actingAs('province_admin', []);
    await expect(editCalendar(admin, { tasks: [{ key: 'payment_list', day: 31 }] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  test('when an officer marks a task done twice, then the first records who and when, and the second changes nothing', async () => {
    await ensureTasks('01', '2026-12');
    const officer = await actingAs('commune_officer');
    const id = taskOf('00004', 'payment_list', '2026-12');
    const first = await completeTask(officer, id, 'telegram');
    clock.now = new Date('2026-12-11T03:00:00Z');
    const second = await completeTask(officer, id, 'web');

    expect(first).toMatchObject({
      status: 'done',
      completedAt: new Date('2026-12-10T03:00:00Z'),
      completedBy: `officer:${officer.scope.officerId}`,
      completedVia: 'telegram',
    });
    expect(second).toEqual(first);
    expect((await auditLog.recent()).filter((e) => e.action === 'task.done')).toHaveLength(1);
  });

  test('when an officer completes a task of another commune, then it is refused and stays open', async () => {
    await ensureTasks('01', '2026-12');
    const officer = await actingAs('commune_officer');
    const id = taskOf('00008', 'payment_list', '2026-12');
    await expect(completeTask(officer, id, 'web')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(completeTask(officer, '0'.repeat(24), 'web')).rejects.toMatchObject({ code: 'not_found' });
    expect((await officerTasks.byId(id))!.status).toBe('open');
  });

  test('when a commune officer marks a task not applicable, then it is refused; a province admin may', async () => {
    await ensureTasks('01', '2026-12');
    const id = taskOf('00004', 'monthly_changes', '2026-12');
    await expect(markNotApplicable(await actingAs('commune_officer'), id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const admin = await actingAs('province_admin', []);
    expect(await markNotApplicable(admin, id)).toMatchObject({ status: 'not_applicable', completedVia: 'web' });
  });

  test('when payments for a commune and period are imported, then its payment-list task completes and nothing else', async () => {
    const people = [aBeneficiaryRow(), aBeneficiaryRow()];
    await importFile('beneficiaries', writeCsv(rt.tmp, 'b.csv', BENEFICIARY_COLUMNS, people), ctx());
    await ensureTasks('01', '2026-11');
    const file = writeCsv(
      rt.tmp,
      'p.csv',
      PAYMENT_COLUMNS,
      people.map((p) => aPaymentRow(p.national_id!)),
    );
    await importFile('payments', file, ctx());

    expect(await officerTasks.byId(taskOf('00004', 'payment_list', '2026-11'))).toMatchObject({
      status: 'done',
      completedBy: 'import',
      completedVia: 'import',
    });
    expect((await officerTasks.byId(taskOf('00004', 'monthly_changes', '2026-11')))!.status).toBe('open');
    expect((await officerTasks.byId(taskOf('00008', 'payment_list', '2026-11')))!.status).toBe('open');
  });

  test('when payments arrive before the month has tasks, then the task is created already done', async () => {
    const person = aBeneficiaryRow();
    await importFile('beneficiaries', writeCsv(rt.tmp, 'b2.csv', BENEFICIARY_COLUMNS, [person]), ctx());
    await importFile(
      'payments',
      writeCsv(rt.tmp, 'p2.csv', PAYMENT_COLUMNS, [aPaymentRow(person.national_id!, { period: '2026-10' })]),
      ctx(),
    );
    expect((await officerTasks.byId(taskOf('00004', 'payment_list', '2026-10')))!.status).toBe('done');
  });

  test('when the operator asks for the status at the command line, then each commune prints its tasks and state', async () => {
    await ensureTasks('01', '2026-12');
    await completeTask(
      { scope: OPERATOR, entryPoint: 'cli', now: () => new Date('2026-12-12T02:00:00Z') },
      taskOf('00004', 'payment_list', '2026-12'),
      'cli',
    );
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', 'reminders', 'status', '--province', '01', '--period', '2026-12'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_NAME: rt.config.DATABASE_NAME,
          DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY,
          DATA_DIR: rt.tmp,
          LOG_LEVEL: 'silent',
        },
      },
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('00004 Phường Ba Đình');
    expect(res.stdout).toMatch(
      /Lập danh sách chi trả\s+hạn \/ due 25\/12\/2026 {2}đã xong \/ done 12\/12\/2026 09:00 — Quản trị hệ thống/,
    );
    expect(res.stdout).toMatch(/Cập nhật biến động\s+hạn \/ due 21\/12\/2026/);
    expect(res.stdout.match(/^\d{5} /gm)).toHaveLength(3);
  });
});
