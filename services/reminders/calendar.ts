import type { Localized } from '../errors.js';

// STUB (helper H): the real calendar is helper G's; this keeps the contract's names and behaviour
// (defaults, weekends, no shipped holidays) so the reminder pass builds and tests against it.

/** The monthly tasks every commune does. */
export const TASK_KEYS = ['monthly_changes', 'payment_list'] as const;
export type TaskKey = (typeof TASK_KEYS)[number];

/** The tasks' names as officers read them. */
export const TASK_LABELS: Record<TaskKey, Localized> = {
  monthly_changes: { vi: 'Cập nhật biến động', en: 'Update monthly changes' },
  payment_list: { vi: 'Lập danh sách chi trả', en: 'Build the payment list' },
};

/** A province's deadline days and holidays. */
export type ProvinceCalendar = {
  provinceCode: string;
  tasks: { key: TaskKey; day: number }[];
  holidays: ReadonlySet<string>;
};

const DEFAULT_DAYS: Record<TaskKey, number> = { monthly_changes: 20, payment_list: 25 };
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The province's calendar (STUB: always the defaults, no holidays). */
export async function calendarOf(provinceCode: string): Promise<ProvinceCalendar> {
  return {
    provinceCode,
    tasks: TASK_KEYS.map((key) => ({ key, day: DEFAULT_DAYS[key] })),
    holidays: new Set<string>(),
  };
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Not a Saturday, Sunday or holiday. */
export function isWorkingDay(cal: ProvinceCalendar, day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !cal.holidays.has(day);
}

/** The task's day in that month, moved to the next working day. */
export function deadlineDay(cal: ProvinceCalendar, task: TaskKey, period: string): string {
  const day = cal.tasks.find((t) => t.key === task)?.day ?? DEFAULT_DAYS[task];
  let d = `${period}-${String(day).padStart(2, '0')}`;
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

/** Working days in (fromDay, toDay]. */
export function workingDaysAfter(cal: ProvinceCalendar, fromDay: string, toDay: string): number {
  let n = 0;
  for (let d = addDays(fromDay, 1); d <= toDay; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

/** The day an instant falls on in Vietnam. */
export function vnDay(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Vietnam wall-clock time on a day. */
export function vnInstant(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00Z`) - OFFSET_MS);
}
