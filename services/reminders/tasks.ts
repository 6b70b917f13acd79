import { communes } from '../../models/commune.js';
import { officerTasks, type OfficerTask } from '../../models/officer-task.js';
import { assertProvinceAdmin, assertReaches, type Acting, type Area } from '../officers/scope.js';
import { AppError } from '../errors.js';
import { calendarOf, deadlineDay, TASK_KEYS } from './calendar.js';

// STUB (helper H): the real task service is helper G's; the contract's names, minimal behaviour.

/** Creates the open tasks of every commune of the province for the period (idempotent). */
export async function ensureTasks(provinceCode: string, period: string): Promise<void> {
  const cal = await calendarOf(provinceCode);
  const list = await communes.ofProvince(provinceCode);
  await officerTasks.upsertOpen(
    list.flatMap((c) =>
      TASK_KEYS.map((task) => ({
        provinceCode,
        communeCode: c.code,
        task,
        period,
        deadlineDay: deadlineDay(cal, task, period),
      })),
    ),
  );
}

/** The tasks of an area for a period, as stored. */
export async function tasksOf(area: Area, period: string): Promise<OfficerTask[]> {
  const q: Record<string, unknown> = { period };
  if (area.provinceCode) q.provinceCode = area.provinceCode;
  if (area.communeCodes) q.communeCode = { $in: [...area.communeCodes] };
  return officerTasks.find(q);
}

async function load(taskId: string): Promise<OfficerTask> {
  const t = await officerTasks.byId(taskId);
  if (!t) throw new AppError('not_found', { vi: 'Không tìm thấy công việc.', en: 'Task not found.' });
  return t;
}

/** Marks the task done (scope-checked, one conditional update; a second call returns the task). */
export async function completeTask(acting: Acting, taskId: string, via: string): Promise<OfficerTask> {
  const t = await load(taskId);
  assertReaches(acting.scope, t);
  const done = await officerTasks.setStatus(taskId, 'open', {
    status: 'done',
    completedAt: acting.now(),
    completedBy: acting.scope.officerId ?? 'cli',
    completedVia: via,
  });
  return done ?? (await load(taskId));
}

/** A province administrator marks a task not applicable. */
export async function markNotApplicable(acting: Acting, taskId: string): Promise<OfficerTask> {
  assertProvinceAdmin(acting.scope);
  const t = await load(taskId);
  assertReaches(acting.scope, t);
  return (await officerTasks.setStatus(taskId, 'open', { status: 'not_applicable' })) ?? (await load(taskId));
}

/** The payments import completes the payment-list task of these communes. */
export async function completeByPayments(communeCodes: readonly string[], period: string, at: Date): Promise<void> {
  const tasks = await officerTasks.find({ communeCode: { $in: [...communeCodes] }, period, task: 'payment_list' });
  for (const t of tasks)
    await officerTasks.setStatus(t.id, 'open', { status: 'done', completedAt: at, completedBy: 'import' });
}
