import { communesByCode } from '../register/commune-names.js';
import { AppError, type Localized } from '../errors.js';
import { SCOPE_WORDS, type Acting, type Area } from '../officers/scope.js';
import { formatPeriod, previousPeriods } from '../format.js';
import { calendarOf, TASK_KEYS, TASK_LABELS, vnDay, vnPeriod, workingDaysAfter, type TaskKey } from './calendar.js';
import { tasksOf } from './tasks.js';

/** How a commune stands on one task of one period. */
export const LATE_STATES = ['on_time', 'late', 'not_done', 'not_applicable'] as const;
export type LateState = (typeof LATE_STATES)[number];

export const LATE_STATE_LABELS: Record<LateState, Localized> = {
  on_time: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Trễ hạn', en: 'Late' },
  not_done: { vi: 'Chưa làm', en: 'Not done' },
  not_applicable: { vi: 'Không áp dụng', en: 'Not applicable' },
};

/** One task of one period: `daysLate` counts working days after the deadline (until done, or until today). */
export type LateCell = {
  task: TaskKey;
  deadlineDay: string;
  state: LateState;
  daysLate: number;
  completedDay: string | null;
};
export type LateCommune = { code: string; name: string; periods: { period: string; tasks: LateCell[] }[] };
export type LateReport = {
  provinceCode: string;
  from: string;
  to: string;
  /** The day (Vietnam) "so far" is counted to. */
  asOf: string;
  periods: string[];
  /** The tasks' columns, in order, with the names officers read. */
  tasks: { key: TaskKey; label: Localized }[];
  communes: LateCommune[];
  totals: Record<LateState, number>;
};

/** The longest range one report covers: a year, as the seeds' appendices do. */
export const MAX_MONTHS = 12;

/** The range the officer section opens on: the last four months, ending with this one. */
export const DEFAULT_MONTHS = 4;

export const LATE_REPORT_WORDS = {
  badRange: {
    vi: 'Tháng không hợp lệ: xin chọn "từ tháng" và "đến tháng" (dạng YYYY-MM, ví dụ 2026-09), tối đa 12 tháng.',
    en: 'Invalid month: please choose "from" and "to" months (YYYY-MM, e.g. 2026-09), at most 12 months.',
  },
  reversed: (from: string, to: string): Localized => ({
    vi: `Khoảng thời gian không hợp lệ: "từ tháng" ${formatPeriod(from)} sau "đến tháng" ${formatPeriod(to)}. Xin chọn lại.`,
    en: `Invalid range: "from" ${formatPeriod(from)} is after "to" ${formatPeriod(to)}. Please choose again.`,
  }),
  tooLong: (months: number): Localized => ({
    vi: `Khoảng thời gian dài ${months} tháng: mỗi báo cáo tối đa ${MAX_MONTHS} tháng. Xin chọn ngắn lại.`,
    en: `The range is ${months} months long: a report covers at most ${MAX_MONTHS} months. Please choose a shorter one.`,
  }),
  provinceNeeded: { vi: 'Xin chọn tỉnh/thành phố.', en: 'Please choose a province.' },
};

/** The default range at `now` (Vietnam's month): `{ from: 2026-09, to: 2026-12 }` in December 2026. */
export function defaultLateRange(now: Date): { from: string; to: string } {
  const to = vnPeriod(now);
  return { from: previousPeriods(to, DEFAULT_MONTHS)[DEFAULT_MONTHS - 1]!, to };
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The periods from `from` to `to`, oldest first; refused (400) when malformed, reversed or over a year. */
export function periodsBetween(from: string, to: string): string[] {
  const a = PERIOD.exec(from);
  const b = PERIOD.exec(to);
  if (!a || !b) throw new AppError('invalid_input', LATE_REPORT_WORDS.badRange);
  const start = Number(a[1]) * 12 + Number(a[2]) - 1;
  const end = Number(b[1]) * 12 + Number(b[2]) - 1;
  if (end < start) throw new AppError('invalid_input', LATE_REPORT_WORDS.reversed(from, to));
  if (end - start + 1 > MAX_MONTHS) throw new AppError('invalid_input', LATE_REPORT_WORDS.tooLong(end - start + 1));
  return Array.from({ length: end - start + 1 }, (_, i) => {
    const m = start + i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/** The area of the report: a commune officer's communes, a province administrator's province; anything else is refused. */
function reportArea(acting: Acting, provinceCode: string | undefined): Area & { provinceCode: string } {
  const s = acting.scope;
  if (s.role === 'operator') {
    if (!provinceCode) throw new AppError('invalid_input', LATE_REPORT_WORDS.provinceNeeded);
    return { provinceCode };
  }
  if (provinceCode && provinceCode !== s.provinceCode) throw new AppError('forbidden', SCOPE_WORDS.outside);
  return s.role === 'commune_officer'
    ? { provinceCode: s.provinceCode, communeCodes: s.communeCodes }
    : { provinceCode: s.provinceCode };
}

/**
 * What a report for `opts` would cover, checked without reading anything: the range, and the
 * province within the officer's scope (refused as the report itself would be).
 */
export function checkLateReport(
  acting: Acting,
  opts: { provinceCode?: string; from: string; to: string },
): { provinceCode: string; periods: string[] } {
  const { provinceCode } = reportArea(acting, opts.provinceCode);
  return { provinceCode, periods: periodsBetween(opts.from, opts.to) };
}

/**
 * The seeds' appendix, live: for each commune of the area, each period, each task — on time, late
 * by N working days, not done (with the working days late so far) or not applicable. Communes and
 * places only, no personal data, so nothing is audited.
 */
export async function lateCommunes(
  acting: Acting,
  opts: { provinceCode?: string; from: string; to: string },
): Promise<LateReport> {
  const area = reportArea(acting, opts.provinceCode);
  const periods = periodsBetween(opts.from, opts.to);
  const asOf = vnDay(acting.now());
  const [cal, perPeriod] = await Promise.all([
    calendarOf(area.provinceCode),
    Promise.all(periods.map((p) => tasksOf(area, p))),
  ]);
  const totals = Object.fromEntries(LATE_STATES.map((s) => [s, 0])) as Record<LateState, number>;
  const byCommune = new Map<string, Map<string, LateCell[]>>();
  for (const task of perPeriod.flat()) {
    const cell = cellOf(task, (from, to) => workingDaysAfter(cal, from, to), asOf);
    totals[cell.state]++;
    const periodsOf = byCommune.get(task.communeCode) ?? new Map<string, LateCell[]>();
    byCommune.set(task.communeCode, periodsOf);
    periodsOf.set(task.period, [...(periodsOf.get(task.period) ?? []), cell]);
  }
  const names = await communesByCode([...byCommune.keys()]);
  const order = (t: TaskKey) => TASK_KEYS.indexOf(t);
  const communes = [...byCommune.keys()].sort().map((code): LateCommune => ({
    code,
    name: names.get(code)?.name ?? code,
    periods: periods.flatMap((period) => {
      const tasks = byCommune.get(code)!.get(period);
      return tasks ? [{ period, tasks: tasks.sort((x, y) => order(x.task) - order(y.task)) }] : [];
    }),
  }));
  const tasks = TASK_KEYS.map((key) => ({ key, label: TASK_LABELS[key] }));
  return { provinceCode: area.provinceCode, from: opts.from, to: opts.to, asOf, periods, tasks, communes, totals };
}

type TaskDoc = {
  /** One of TASK_KEYS: the model stores it as a string. */
  task: string;
  deadlineDay: string;
  status: 'open' | 'done' | 'not_applicable';
  completedAt: Date | null;
};

/** A task's standing: done on or before its deadline is on time; after it, late by the working days between. */
export function cellOf(t: TaskDoc, daysAfter: (from: string, to: string) => number, asOf: string): LateCell {
  const base = { task: t.task as TaskKey, deadlineDay: t.deadlineDay };
  if (t.status === 'not_applicable') return { ...base, state: 'not_applicable', daysLate: 0, completedDay: null };
  if (t.status === 'done' && t.completedAt) {
    const completedDay = vnDay(t.completedAt);
    const daysLate = completedDay > t.deadlineDay ? daysAfter(t.deadlineDay, completedDay) : 0;
    return { ...base, state: daysLate > 0 ? 'late' : 'on_time', daysLate, completedDay };
  }
  const daysLate = asOf > t.deadlineDay ? daysAfter(t.deadlineDay, asOf) : 0;
  return { ...base, state: 'not_done', daysLate, completedDay: null };
}
