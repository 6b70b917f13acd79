import { provinceCalendars } from '../../models/province-calendar.js';
import type { Localized } from '../errors.js';
import { periodOf, todayInVietnam } from '../format.js';
import { isWeekend, nextDay, SHIPPED_HOLIDAYS } from './holidays.js';

// Days are plain `YYYY-MM-DD` strings in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year (no DST),
// so a fixed offset is exact and no time-zone library is needed for this arithmetic.
const VN_OFFSET_MS = 7 * 3_600_000;

/** The monthly tasks a commune owes the province. */
export const TASK_KEYS = ['monthly_changes', 'payment_list'] as const;
export type TaskKey = (typeof TASK_KEYS)[number];

/** Task names as officers read them. */
export const TASK_LABELS: Record<TaskKey, Localized> = {
  monthly_changes: { vi: 'Cập nhật biến động', en: 'Update monthly changes' },
  payment_list: { vi: 'Lập danh sách chi trả', en: 'Build the payment list' },
};

/** The deadline day of each task when the province never changed it. */
export const DEFAULT_TASK_DAYS: Record<TaskKey, number> = { monthly_changes: 20, payment_list: 25 };

/** A province's tasks with their deadline day of the month, and its days off. */
export type ProvinceCalendar = {
  provinceCode: string;
  tasks: { key: TaskKey; day: number }[];
  holidays: ReadonlySet<string>;
};

/** Whether `key` names one of the monthly tasks. */
export function isTaskKey(key: string): key is TaskKey {
  return (TASK_KEYS as readonly string[]).includes(key);
}

/** The shipped calendar: default days, shipped holidays. */
export function defaultCalendar(provinceCode: string): ProvinceCalendar {
  return {
    provinceCode,
    tasks: TASK_KEYS.map((key) => ({ key, day: DEFAULT_TASK_DAYS[key] })),
    holidays: new Set(SHIPPED_HOLIDAYS.map((h) => h.day)),
  };
}

/** The province's calendar: the defaults with whatever its administrator changed. */
export async function calendarOf(provinceCode: string): Promise<ProvinceCalendar> {
  const base = defaultCalendar(provinceCode);
  const edits = await provinceCalendars.byProvince(provinceCode);
  if (!edits) return base;
  const days = new Map(edits.tasks.map((t) => [t.key, t.day]));
  return {
    provinceCode,
    tasks: base.tasks.map((t) => ({ key: t.key, day: days.get(t.key) ?? t.day })),
    holidays: edits.holidays ? new Set(edits.holidays) : base.holidays,
  };
}

/** Whether offices work that day: Monday to Friday, not a day off of the province. */
export function isWorkingDay(cal: ProvinceCalendar, day: string): boolean {
  return !isWeekend(day) && !cal.holidays.has(day);
}

/** The task's deadline in that period (`YYYY-MM`), moved to the next working day when it falls on a day off. */
export function deadlineDay(cal: ProvinceCalendar, task: TaskKey, period: string): string {
  const dayOfMonth = cal.tasks.find((t) => t.key === task)?.day ?? DEFAULT_TASK_DAYS[task];
  let day = `${period}-${String(dayOfMonth).padStart(2, '0')}`;
  while (!isWorkingDay(cal, day)) day = nextDay(day);
  return day;
}

/** How many working days lie in (fromDay, toDay]; 0 when toDay is not after fromDay. */
export function workingDaysAfter(cal: ProvinceCalendar, fromDay: string, toDay: string): number {
  let n = 0;
  for (let d = nextDay(fromDay); d <= toDay; d = nextDay(d)) if (isWorkingDay(cal, d)) n += 1;
  return n;
}

/** The Vietnamese calendar day of an instant. */
export function vnDay(instant: Date): string {
  return todayInVietnam(instant);
}

/** The instant of `hh:mm` on that Vietnamese day. */
export function vnInstant(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00Z`) - VN_OFFSET_MS);
}

/** The period (`YYYY-MM`) an instant falls in, in Vietnam. */
export function vnPeriod(instant: Date): string {
  return periodOf(instant);
}
