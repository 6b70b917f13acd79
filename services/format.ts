// Asia/Ho_Chi_Minh keeps UTC+7 all year (no daylight saving since 1975), so a fixed offset gives
// Vietnam's wall clock without Intl, which is measurably slower on every bot reply.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const vietnamIso = (value: Date): string => new Date(value.getTime() + VIETNAM_OFFSET_MS).toISOString();

/** Money in đồng as Vietnamese readers expect it: `500.000 ₫`. */
export function formatVnd(amount: number): string {
  return `${Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
}

/** A calendar date (ISO `YYYY-MM-DD`) or an instant as `dd/mm/yyyy` in Vietnam's time zone, whatever TZ the server has. */
export function formatDate(value: string | Date): string {
  if (typeof value === 'string') {
    const [y, m, d] = value.slice(0, 10).split('-');
    return `${d}/${m}/${y}`;
  }
  const iso = vietnamIso(value);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** An instant as `dd/mm/yyyy HH:mm` in Vietnam's time zone. */
export function formatDateTime(value: Date): string {
  return `${formatDate(value)} ${formatTime(value)}`;
}

/** An instant's time of day as `HH:mm` in Vietnam's time zone. */
export function formatTime(value: Date): string {
  return vietnamIso(value).slice(11, 16);
}

/** `2026-11` → `11/2026`, as in "Kỳ chi trả tháng 11/2026". */
export function formatPeriod(period: string): string {
  const [y, m] = period.split('-');
  return `${m}/${y}`;
}

/** Today's date in Vietnam as ISO `YYYY-MM-DD`. */
export function todayInVietnam(now: Date = new Date()): string {
  const [d, m, y] = formatDate(now).split('/');
  return `${y}-${m}-${d}`;
}

/** The payment period (`YYYY-MM`) a moment falls in, in Vietnam's time zone. */
export function periodOf(now: Date = new Date()): string {
  return todayInVietnam(now).slice(0, 7);
}

/** The n periods ending with `period`, newest first. */
export function previousPeriods(period: string, n: number): string[] {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const total = y * 12 + (m - 1) - i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
