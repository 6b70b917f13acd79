/** Vietnam has kept UTC+7 without daylight saving since 1975, so local time is a fixed offset. */
const VN_OFFSET_MIN = 7 * 60;
const DAY_MIN = 24 * 60;

/** Quiet hours for bulk messages, in Asia/Ho_Chi_Minh time; null when switched off. */
export type QuietHours = { startMin: number; endMin: number } | null;

/** Parses `HH:MM-HH:MM` (the window may cross midnight) or `off`. */
export function parseQuietHours(spec: string): QuietHours {
  if (spec === 'off') return null;
  const [start, end] = spec.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h! * 60 + m!;
  });
  return start === end ? null : { startMin: start!, endMin: end! };
}

/** When bulk sending may resume: `now` itself outside quiet hours, else the window's end. */
export function bulkAllowedFrom(quiet: QuietHours, now: Date): Date {
  if (!quiet) return now;
  const local = (Math.floor(now.getTime() / 60000) + VN_OFFSET_MIN) % DAY_MIN;
  const { startMin, endMin } = quiet;
  const inside = startMin < endMin ? local >= startMin && local < endMin : local >= startMin || local < endMin;
  if (!inside) return now;
  const wait = (endMin - local + DAY_MIN) % DAY_MIN;
  const startOfMinute = Math.floor(now.getTime() / 60000) * 60000;
  return new Date(startOfMinute + wait * 60000);
}
