import { officerTasks } from '../../models/officer-task.js';
import { provinceCalendars } from '../../models/province-calendar.js';
import { AppError, type Localized } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, assertProvinceAdmin, type Acting } from '../officers/scope.js';
import { calendarOf, deadlineDay, isTaskKey, TASK_KEYS, TASK_LABELS, vnPeriod, type TaskKey } from './calendar.js';
import { SHIPPED_HOLIDAYS } from './holidays.js';
import { ensureTasks } from './tasks.js';

const CALENDAR_WORDS = {
  badDay: {
    vi: 'Hạn phải là một ngày từ 1 đến 28 của tháng.',
    en: 'A deadline must be a day from 1 to 28 of the month.',
  },
  badHoliday: { vi: 'Ngày nghỉ phải có dạng YYYY-MM-DD.', en: 'A day off must look like YYYY-MM-DD.' },
  tooManyHolidays: { vi: 'Danh sách ngày nghỉ quá dài (tối đa 200 ngày).', en: 'Too many days off (200 at most).' },
  noProvince: { vi: 'Xin chọn tỉnh/thành phố.', en: 'Please choose a province.' },
} satisfies Record<string, Localized>;

const MAX_HOLIDAYS = 200;
const SHIPPED_NAMES = new Map(SHIPPED_HOLIDAYS.map((h) => [h.day, h.name]));

/** A province's calendar as the officer page shows it, with this month's deadlines. */
export type CalendarView = {
  provinceCode: string;
  period: string;
  tasks: { key: TaskKey; label: Localized; day: number; deadlineDay: string }[];
  holidays: { day: string; name: string }[];
  editable: boolean;
};

/** What a province administrator sends: new deadline days; the whole holiday list, or null for the shipped one. */
export type CalendarEdit = { tasks?: { key: string; day: number }[]; holidays?: string[] | null };

function provinceFor(acting: Acting, requested?: string): string {
  const p = acting.scope.provinceCode ?? requested;
  if (!p) throw new AppError('invalid_input', CALENDAR_WORDS.noProvince);
  return p;
}

/** The calendar of the officer's province (the operator names one). */
export async function calendarView(acting: Acting, requestedProvince?: string): Promise<CalendarView> {
  const provinceCode = provinceFor(acting, requestedProvince);
  const cal = await calendarOf(provinceCode);
  const period = vnPeriod(acting.now());
  return {
    provinceCode,
    period,
    tasks: cal.tasks.map((t) => ({
      key: t.key,
      label: TASK_LABELS[t.key],
      day: t.day,
      deadlineDay: deadlineDay(cal, t.key, period),
    })),
    holidays: [...cal.holidays].sort().map((day) => ({ day, name: SHIPPED_NAMES.get(day) ?? '' })),
    editable: acting.scope.role !== 'commune_officer',
  };
}

function validDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

function checked(edit: CalendarEdit): { tasks: { key: TaskKey; day: number }[]; holidays?: string[] | null } {
  const tasks = (edit.tasks ?? []).map((t) => {
    if (!isTaskKey(String(t.key))) throw new AppError('invalid_input', CALENDAR_WORDS.badDay);
    if (!Number.isInteger(t.day) || t.day < 1 || t.day > 28) throw new AppError('invalid_input', CALENDAR_WORDS.badDay);
    return { key: t.key as TaskKey, day: t.day };
  });
  if (edit.holidays === undefined || edit.holidays === null) return { tasks, holidays: edit.holidays };
  if (edit.holidays.length > MAX_HOLIDAYS) throw new AppError('invalid_input', CALENDAR_WORDS.tooManyHolidays);
  if (edit.holidays.some((d) => typeof d !== 'string' || !validDay(d)))
    throw new AppError('invalid_input', CALENDAR_WORDS.badHoliday);
  return { tasks, holidays: [...new Set(edit.holidays)].sort() };
}

/**
 * A province administrator changes its deadline days and/or its days off; the open tasks of every
 * period still open move to the new deadlines at once (reminders follow the stored deadline).
 */
export async function editCalendar(acting: Acting, edit: CalendarEdit, requestedProvince?: string) {
  assertProvinceAdmin(acting.scope);
  const provinceCode = provinceFor(acting, requestedProvince);
  const change = checked(edit);
  const before = await provinceCalendars.byProvince(provinceCode);
  const days = new Map((before?.tasks ?? []).map((t) => [t.key, t.day]));
  for (const t of change.tasks) days.set(t.key, t.day);
  await provinceCalendars.save({
    provinceCode,
    tasks: TASK_KEYS.filter((k) => days.has(k)).map((key) => ({ key, day: days.get(key)! })),
    holidays: change.holidays === undefined ? (before?.holidays ?? null) : change.holidays,
    updatedAt: acting.now(),
    updatedBy: actorOf(acting.scope),
  });
  for (const period of await officerTasks.openPeriods(provinceCode)) await ensureTasks(provinceCode, period);
  await auditOfficer(acting, {
    action: 'calendar.edit',
    entity: 'province_calendar',
    entityIds: [provinceCode],
    fields: [...(change.tasks.length ? ['tasks'] : []), ...(change.holidays !== undefined ? ['holidays'] : [])],
  });
  return calendarView(acting, provinceCode);
}
