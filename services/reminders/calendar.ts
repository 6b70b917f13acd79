// STUB (helper I): the contract's calendar, just enough for the late-communes report; helper G owns the real one.
import type { Localized } from '../errors.js';

export const TASK_KEYS = ['monthly_changes', 'payment_list'] as const;
export type TaskKey = (typeof TASK_KEYS)[number];
export const TASK_LABELS: Record<TaskKey, Localized> = {
  monthly_changes: { vi: 'Cập nhật biến động', en: 'Update monthly changes' },
  payment_list: { vi: 'Lập danh sách chi trả', en: 'Build the payment list' },
};

export type ProvinceCalendar = {
  provinceCode: string;
  tasks: { key: TaskKey; day: number }[];
  holidays: ReadonlySet<string>;
};

const HOLIDAYS = ['2026-09-01', '2026-09-02', '2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'];

/** The province's calendar (the stub: defaults only). */
export async function calendarOf(provinceCode: string): Promise<ProvinceCalendar> {
  return {
    provinceCode,
    tasks: [
      { key: 'monthly_changes', day: 20 },
      { key: 'payment_list', day: 25 },
    ],
    holidays: new Set(HOLIDAYS),
  };
}

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function isWorkingDay(cal: ProvinceCalendar, day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(day);
}

export function deadlineDay(cal: ProvinceCalendar, task: TaskKey, period: string): string {
  const day = cal.tasks.find((t) => t.key === task)?.day ?? 20;
  let d = `${period}-${String(day).padStart(2, '0')}`;
  while (!isWorkingDay(cal, d)) d = nextDay(d);
  return d;
}

export function workingDaysAfter(cal: ProvinceCalendar, fromDay: string, toDay: string): number {
  let n = 0;
  for (let d = nextDay(fromDay); d <= toDay; d = nextDay(d)) if (isWorkingDay(cal, d)) n++;
  return n;
}

export function vnDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function vnInstant(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+07:00`);
}
