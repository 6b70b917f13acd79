/**
 * Vietnam's public holidays shipped for 2026 and 2027 (Labour Code 2019, art. 112), as days off in
 * Asia/Ho_Chi_Minh. A province administrator may replace its list in the mini-app; this is the default.
 *
 * Kept simple on purpose: each statutory holiday is one dated entry; a statutory day falling on a
 * Saturday or Sunday gets a compensating day off on the next working day (art. 112(3)); a break the
 * government announced as a block (Tết 2026) is listed whole and gets no further compensation,
 * because the announcement already includes it.
 */

/** One shipped day off, named for the page that lists it. */
export type ShippedHoliday = { day: string; name: string };

type Entry = { day: string; name: string; compensate: boolean };

const DAY_MS = 86_400_000;

const statutory = (day: string, name: string): Entry => ({ day, name, compensate: true });
const announced = (from: string, to: string, name: string): Entry[] =>
  daysBetween(from, to).map((day) => ({ day, name, compensate: false }));

const ENTRIES: Entry[] = [
  // 2026
  statutory('2026-01-01', 'Tết Dương lịch'),
  // Tết Bính Ngọ (17/02/2026): the break the government announced, 14/02–22/02/2026.
  ...announced('2026-02-14', '2026-02-22', 'Tết Nguyên Đán'),
  statutory('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  statutory('2026-04-30', 'Ngày Chiến thắng'),
  statutory('2026-05-01', 'Quốc tế Lao động'),
  // National Day with the adjacent day as announced for 2026: 1–2/9.
  statutory('2026-09-01', 'Quốc khánh'),
  statutory('2026-09-02', 'Quốc khánh'),
  // 2027
  statutory('2027-01-01', 'Tết Dương lịch'),
  // Tết Đinh Mùi (06/02/2027): the usual pattern (the eve and four days after, weekend days
  // compensated after them). To be confirmed when the government announces the 2027 break.
  ...announced('2027-02-05', '2027-02-11', 'Tết Nguyên Đán'),
  statutory('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  statutory('2027-04-30', 'Ngày Chiến thắng'),
  statutory('2027-05-01', 'Quốc tế Lao động'),
  // National Day with the adjacent day: 2–3/9 by the usual pattern, to be confirmed when announced.
  statutory('2027-09-02', 'Quốc khánh'),
  statutory('2027-09-03', 'Quốc khánh'),
];

/** The day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whether `day` (YYYY-MM-DD) is a Saturday or a Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}

function withCompensation(entries: Entry[]): ShippedHoliday[] {
  const taken = new Map(entries.map((e) => [e.day, e.name]));
  for (const e of entries) {
    if (!e.compensate || !isWeekend(e.day)) continue;
    let d = nextDay(e.day);
    while (isWeekend(d) || taken.has(d)) d = nextDay(d);
    taken.set(d, `Nghỉ bù ${e.name}`);
  }
  return [...taken].map(([day, name]) => ({ day, name })).sort((a, b) => a.day.localeCompare(b.day));
}

/** The shipped days off, compensating days included, in date order. */
export const SHIPPED_HOLIDAYS: readonly ShippedHoliday[] = withCompensation(ENTRIES);
