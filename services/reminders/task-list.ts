import { communes } from '../../models/commune.js';
import { officers } from '../../models/officer.js';
import type { Localized } from '../errors.js';
import { areaOf, type Acting } from '../officers/scope.js';
import { isTaskKey, TASK_LABELS, vnPeriod } from './calendar.js';
import { assertPeriod, ensureTasks, tasksOf, type OfficerTask } from './tasks.js';

/** Who closed a task, as an officer reads it. */
const CLOSERS: Record<string, Localized> = {
  import: { vi: 'Dữ liệu chi trả đã nhập', en: 'Imported payment data' },
  cli: { vi: 'Quản trị hệ thống', en: 'System operator' },
};

/** One commune's task as the officer page and the command line show it. */
export type TaskRow = OfficerTask & {
  communeName: string;
  label: Localized;
  /** Who closed it, by name; null while open. */
  closedByName: string | null;
};

/**
 * The tasks of the officer's area for a period (this month when none is given), creating the
 * month's tasks of the province first so a page opened before the reminder pass still lists them.
 */
export async function taskList(
  acting: Acting,
  opts: { period?: string; provinceCode?: string; communes?: string[] } = {},
): Promise<{ period: string; tasks: TaskRow[] }> {
  const period = opts.period ?? vnPeriod(acting.now());
  assertPeriod(period);
  const area = areaOf(acting.scope, opts.communes ?? []);
  const provinceCode = area.provinceCode ?? opts.provinceCode;
  if (provinceCode) await ensureTasks(provinceCode, period);
  const tasks = await tasksOf(provinceCode ? { ...area, provinceCode } : area, period);
  return { period, tasks: await describeTasks(tasks) };
}

/** Tasks with their commune's name, their label and the name of whoever closed them. */
export async function describeTasks(tasks: OfficerTask[]): Promise<TaskRow[]> {
  const officerIds = [
    ...new Set(tasks.flatMap((t) => (t.completedBy?.startsWith('officer:') ? [t.completedBy.slice(8)] : []))),
  ];
  const [places, people] = await Promise.all([
    communes.byCodes([...new Set(tasks.map((t) => t.communeCode))]),
    officers.byIds(officerIds),
  ]);
  const placeName = new Map(places.map((c) => [c.code, c.name]));
  const personName = new Map(people.map((o) => [`officer:${o.id}`, o.name]));
  return tasks.map((t) => ({
    ...t,
    communeName: placeName.get(t.communeCode) ?? t.communeCode,
    label: isTaskKey(t.task) ? TASK_LABELS[t.task] : { vi: t.task, en: t.task },
    closedByName: t.completedBy ? (personName.get(t.completedBy) ?? CLOSERS[t.completedBy]?.vi ?? t.completedBy) : null,
  }));
}
