// STUB (helper I): the contract's task functions; helper G owns the real ones.
import { communes } from '../../models/commune.js';
import { officerTasks, taskIdFor, type OfficerTask } from '../../models/officer-task.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, assertProvinceAdmin, assertReaches, type Acting, type Area } from '../officers/scope.js';
import { AppError } from '../errors.js';
import { calendarOf, deadlineDay, TASK_KEYS } from './calendar.js';

export async function ensureTasks(provinceCode: string, period: string): Promise<void> {
  const cal = await calendarOf(provinceCode);
  const rows = (await communes.ofProvince(provinceCode)).flatMap((c) =>
    TASK_KEYS.map((task): OfficerTask => ({
      id: taskIdFor(c.code, task, period),
      provinceCode,
      communeCode: c.code,
      task,
      period,
      deadlineDay: deadlineDay(cal, task, period),
      status: 'open',
      completedAt: null,
      completedBy: null,
      completedVia: null,
    })),
  );
  if (rows.length) await officerTasks.insertMissing(rows);
}

export async function tasksOf(area: Area, period: string): Promise<OfficerTask[]> {
  return officerTasks.inArea(area, [period]);
}

async function settle(acting: Acting, taskId: string, set: Partial<OfficerTask>): Promise<OfficerTask> {
  const task = await officerTasks.byId(taskId);
  if (!task) throw new AppError('not_found', { vi: 'Không tìm thấy việc này.', en: 'Task not found.' });
  assertReaches(acting.scope, task);
  if (task.status !== 'open') return task;
  await officerTasks.settle(taskId, set);
  await auditOfficer(acting, { action: 'task.settle', entity: 'officer_task', entityIds: [taskId] });
  return (await officerTasks.byId(taskId))!;
}

export function completeTask(acting: Acting, taskId: string, via: string): Promise<OfficerTask> {
  return settle(acting, taskId, {
    status: 'done',
    completedAt: acting.now(),
    completedBy: actorOf(acting.scope),
    completedVia: via,
  });
}

export function markNotApplicable(acting: Acting, taskId: string): Promise<OfficerTask> {
  assertProvinceAdmin(acting.scope);
  return settle(acting, taskId, { status: 'not_applicable', completedBy: actorOf(acting.scope) });
}

export async function completeByPayments(_communeCodes: string[], _period: string, _at: Date): Promise<void> {}
