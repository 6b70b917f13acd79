import { provinceDays, type DayFigures } from '../../models/province-days.js';
import { AppError, type Localized } from '../errors.js';
import { formatDate, todayInVietnam } from '../format.js';
import type { ChannelName } from '../notifications/channel.js';
import { lateCommunes, MAX_MONTHS, periodsBetween, type LateReport } from '../reminders/late-report.js';
import { areaFor } from './missing-data.js';
import { SCOPE_WORDS, type Acting } from './scope.js';

/** The channels a delivery chart draws, in this order. */
export const SERIES_CHANNELS: readonly ChannelName[] = ['telegram', 'zalo', 'zns'];
/** The police's final answers a results chart draws. */
export const RESULT_STATES = ['verified', 'mismatch', 'rejected'] as const;

/** The daily charts' default length, and the monthly charts'. */
export const DEFAULT_DAYS = 30;
export const DEFAULT_MONTHS = 6;
/** The longest range asked: a year of days (a province's 366 day documents, one read by `_id`). */
export const MAX_DAYS = 366;

/** The four series of the officer dashboard's charts, for one scope. */
export type DashboardSeries = {
  provinceCode: string;
  /** The days of the daily charts (Vietnam's days, YYYY-MM-DD), first and last. */
  from: string;
  to: string;
  /** The months of the monthly charts (YYYY-MM), oldest first. */
  months: string[];
  channels: readonly ChannelName[];
  delivered: { day: string; byChannel: Record<ChannelName, number>; total: number }[];
  /** Records missing required data, as the day's snapshot counted them (null: no snapshot that day). */
  missing: { day: string; missingAny: number | null; active: number | null }[];
  /** Communes with a task late that month (done late, or still not done after its deadline), of those with tasks. */
  late: { period: string; late: number; communes: number }[];
  verification: { period: string; verified: number; mismatch: number; rejected: number }[];
};

export const SERIES_WORDS = {
  reversed: (from: string, to: string): Localized => ({
    vi: `Khoảng thời gian không hợp lệ: "từ ngày" ${formatDate(from)} sau "đến ngày" ${formatDate(to)}. Xin chọn lại.`,
    en: `Invalid range: "from" ${formatDate(from)} is after "to" ${formatDate(to)}. Please choose again.`,
  }),
  tooLong: (days: number): Localized => ({
    vi: `Khoảng thời gian dài ${days} ngày: biểu đồ xem tối đa ${MAX_DAYS} ngày. Xin chọn ngắn lại.`,
    en: `The range is ${days} days long: the charts show at most ${MAX_DAYS} days. Please choose a shorter one.`,
  }),
  provinceNeeded: { vi: 'Xin chọn tỉnh/thành phố.', en: 'Please choose a province.' },
} satisfies Record<string, Localized | ((...a: never[]) => Localized)>;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Array.from({ length: dayNumber(to) - dayNumber(from) + 1 }, (_, i) => dayOf(dayNumber(from) + i));
const monthBefore = (period: string, back: number) => {
  const m = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
};

/**
 * The range asked, or the defaults by the clock: the last 30 days for the daily charts and the
 * last 6 months for the monthly ones. A range given sets both: its days, and the months it touches.
 */
export function seriesRange(now: Date, asked: { from?: string; to?: string }): { days: string[]; months: string[] } {
  const today = todayInVietnam(now);
  const to = asked.to ?? today;
  const from = asked.from ?? dayOf(dayNumber(to) - (DEFAULT_DAYS - 1));
  if (from > to) throw new AppError('invalid_input', SERIES_WORDS.reversed(from, to));
  const length = dayNumber(to) - dayNumber(from) + 1;
  if (length > MAX_DAYS) throw new AppError('invalid_input', SERIES_WORDS.tooLong(length));
  const lastMonth = to.slice(0, 7);
  // A year of days may touch 13 months; the monthly charts keep the last 12, as the late report does.
  const earliest = monthBefore(lastMonth, (asked.from ? MAX_MONTHS : DEFAULT_MONTHS) - 1);
  const firstMonth = asked.from && from.slice(0, 7) > earliest ? from.slice(0, 7) : earliest;
  return { days: daysBetween(from, to), months: periodsBetween(firstMonth, lastMonth) };
}

/** The province a scope's charts are of: the officer's own; the operator names one. */
function provinceOf(acting: Acting, asked: string | undefined): string {
  const s = acting.scope;
  if (s.role === 'operator') {
    if (!asked) throw new AppError('invalid_input', SERIES_WORDS.provinceNeeded);
    return asked;
  }
  if (asked && asked !== s.provinceCode) throw new AppError('forbidden', SCOPE_WORDS.outside);
  return s.provinceCode;
}

const lateByMonth = (report: LateReport, communes: readonly string[] | undefined): DashboardSeries['late'] =>
  report.periods.map((period) => {
    const withTasks = report.communes.filter(
      (c) => (!communes || communes.includes(c.code)) && c.periods.some((p) => p.period === period),
    );
    const late = withTasks.filter((c) =>
      c.periods.some(
        (p) =>
          p.period === period && p.tasks.some((t) => t.state === 'late' || (t.state === 'not_done' && t.daysLate > 0)),
      ),
    );
    return { period, late: late.length, communes: withTasks.length };
  });

/**
 * The dashboard's four series for the officer's scope: a commune officer's communes, a province
 * administrator's province, narrowed to `communes` when asked (one outside the scope is refused).
 * Communes and counts only, no personal data, so nothing is audited. Commands: one read of the
 * province's day documents (deliveries, results, missing-data snapshots; by `_id`), the
 * late-communes report's own (the calendar, one per month, the communes' names), and for a province
 * administrator naming communes one read of them: 9 for the default six months.
 */
export async function dashboardSeries(
  acting: Acting,
  opts: { provinceCode?: string; communes?: string[]; from?: string; to?: string } = {},
): Promise<DashboardSeries> {
  const provinceCode = provinceOf(acting, opts.provinceCode);
  const { communeCodes } = await areaFor(acting.scope, opts.communes);
  const { days, months } = seriesRange(acting.now(), opts);
  const monthDays = daysBetween(`${months[0]}-01`, dayOf(dayNumber(`${monthBefore(months.at(-1)!, -1)}-01`) - 1));
  const wanted = [...new Set([...days, ...monthDays])];
  const [stored, late] = await Promise.all([
    provinceDays.read(provinceCode, wanted, communeCodes),
    lateCommunes(acting, { provinceCode, from: months[0]!, to: months.at(-1)! }),
  ]);
  const byDay = new Map<string, DayFigures>(stored.map((d) => [d.day, d]));
  const delivered = days.map((day) => {
    const got = byDay.get(day)?.delivered ?? {};
    const byChannel = Object.fromEntries(SERIES_CHANNELS.map((c) => [c, got[c] ?? 0])) as Record<ChannelName, number>;
    return { day, byChannel, total: Object.values(got).reduce((a, b) => a + b, 0) };
  });
  const missing = days.map((day) => {
    const m = byDay.get(day)?.missing ?? null;
    return { day, missingAny: m?.missingAny ?? null, active: m?.active ?? null };
  });
  const verification = months.map((period) => {
    const row = { period, verified: 0, mismatch: 0, rejected: 0 };
    for (const d of stored) if (d.day.startsWith(period)) for (const s of RESULT_STATES) row[s] += d.results[s] ?? 0;
    return row;
  });
  return {
    provinceCode,
    from: days[0]!,
    to: days.at(-1)!,
    months,
    channels: SERIES_CHANNELS,
    delivered,
    missing,
    late: lateByMonth(late, communeCodes),
    verification,
  };
}
