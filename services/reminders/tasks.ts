import { communes } from '../../models/commune.js';
import { officerTaskIdFor, officerTasks, type OfficerTask } from '../../models/officer-task.js';
import { AppError, type Localized } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, assertProvinceAdmin, reaches, SCOPE_WORDS, type Acting, type Area } from '../officers/scope.js';
import { calendarOf, deadlineDay, TASK_KEYS, type ProvinceCalendar } from './calendar.js';
import { cancelTaskReminders } from './notices.js';

export type { OfficerTask } from '../../models/officer-task.js';

const TASK_WORDS = {
  notFound: { vi: 'Không tìm thấy công việc này.', en: 'This task was not found.' },
  badPeriod: { vi: 'Kỳ phải có dạng YYYY-MM.', en: 'The period must look like YYYY-MM.' },
} satisfies Record<string, Localized>;

/** Refuses a period that is not `YYYY-MM`. */
export function assertPeriod(period: string): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new AppError('invalid_input', TASK_WORDS.badPeriod);
}

/**
 * Creates the open tasks of every commune of the province for the period, with deadlines from its
 * calendar, moves the deadline of tasks still open when the calendar changed, and returns the
 * period's tasks. Idempotent. The tasks are read first, so a month already made costs one read (a
 * caller that has just read the calendar passes it, saving another).
 */
export async function ensureTasks(
  provinceCode: string,
  period: string,
  calendar?: ProvinceCalendar,
): Promise<OfficerTask[]> {
  assertPeriod(period);
  const area = { provinceCode };
  const [cal, places, stored] = await Promise.all([
    calendar ?? calendarOf(provinceCode),
    communes.ofProvince(provinceCode),
    officerTasks.ofPeriod(area, period),
  ]);
  const deadlines = TASK_KEYS.map((task) => ({ task, day: deadlineDay(cal, task, period) }));
  const have = new Set(stored.map((t) => t.id));
  const missing = places.flatMap((c) =>
    deadlines
      .filter(({ task }) => !have.has(officerTaskIdFor(c.code, task, period)))
      .map(({ task, day }) => ({ provinceCode, communeCode: c.code, task, period, deadlineDay: day })),
  );
  const moved = deadlines.filter(({ task, day }) =>
    stored.some((t) => t.task === task && t.status === 'open' && t.deadlineDay !== day),
  );
  if (missing.length) await officerTasks.insertMissing(missing);
  for (const { task, day } of moved) await officerTasks.moveOpenDeadlines(provinceCode, task, period, day);
  return missing.length || moved.length ? officerTasks.ofPeriod(area, period) : stored;
}

/** The tasks of an area for a period, as stored. */
export async function tasksOf(area: Area, period: string): Promise<OfficerTask[]> {
  assertPeriod(period);
  return officerTasks.ofPeriod(area, period);
}

async function reachableTask(acting: Acting, taskId: string): Promise<OfficerTask> {
  const task = /^[0-9a-f]{24}$/.test(taskId) ? await officerTasks.byId(taskId) : null;
  if (!task) throw new AppError('not_found', TASK_WORDS.notFound);
  if (!reaches(acting.scope, task)) throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
  return task;
}

/**
 * Marks a commune's task done (from a chat button, the mini-app or the command line). A task no
 * longer open is returned as it stands: pressing Done twice changes nothing.
 */
export async function completeTask(acting: Acting, taskId: string, via: string): Promise<OfficerTask> {
  const task = await reachableTask(acting, taskId);
  if (task.status !== 'open') return task;
  const closed = await officerTasks.close(task.id, 'done', { at: acting.now(), by: actorOf(acting.scope), via });
  if (!closed) return (await officerTasks.byId(task.id)) ?? task;
  await cancelTaskReminders([task.id]);
  await auditOfficer(acting, { action: 'task.done', entity: 'officer_task', entityIds: [task.id] });
  return closed;
}

/** A province administrator marks a commune's task not applicable this period (only while open). */
export async function markNotApplicable(acting: Acting, taskId: string): Promise<OfficerTask> {
  assertProvinceAdmin(acting.scope);
  const task = await reachableTask(acting, taskId);
  if (task.status !== 'open') return task;
  const via = acting.via ?? acting.entryPoint;
  const closed = await officerTasks.close(task.id, 'not_applicable', {
    at: acting.now(),
    by: actorOf(acting.scope),
    via,
  });
  if (!closed) return (await officerTasks.byId(task.id)) ?? task;
  await cancelTaskReminders([task.id]);
  await auditOfficer(acting, { action: 'task.not_applicable', entity: 'officer_task', entityIds: [task.id] });
  return closed;
}

/**
 * The payments import proved the payment list was built: those communes' payment-list tasks of the
 * period are done (`completedBy: 'import'`, or the API key's actor when pushed through the machine API). Tasks not created yet are created first, so the proof
 * is not lost when payments arrive before the reminder pass made the month's tasks.
 */
export async function completeByPayments(
  communeCodes: readonly string[],
  period: string,
  at: Date,
  closedBy: { by: string; via: string } = { by: 'import', via: 'import' },
): Promise<number> {
  const codes = [...new Set(communeCodes)];
  if (!codes.length) return 0;
  assertPeriod(period);
  const provinces = [...new Set((await communes.byCodes(codes)).map((c) => c.provinceCode))];
  for (const p of provinces) await ensureTasks(p, period);
  const ids = codes.map((c) => officerTaskIdFor(c, 'payment_list', period));
  const closed = await officerTasks.closeMany(ids, { at, ...closedBy });
  if (closed) await cancelTaskReminders(ids);
  return closed;
}
