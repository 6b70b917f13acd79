import { z } from 'zod';
import { AppError, type Localized } from '../../services/errors.js';

export const DASHBOARD_INPUT_WORDS = {
  badDay: (field: 'from' | 'to'): Localized => ({
    vi: `Ngày "${field === 'from' ? 'từ ngày' : 'đến ngày'}" không hợp lệ: xin ghi theo dạng YYYY-MM-DD, ví dụ 2026-12-05.`,
    en: `The "${field}" date is not valid: please write it as YYYY-MM-DD, e.g. 2026-12-05.`,
  }),
  badCommune: {
    vi: 'Mã xã/phường không hợp lệ: mỗi mã gồm 5 chữ số, ví dụ 00004.',
    en: 'Invalid commune code: each code has 5 digits, e.g. 00004.',
  },
  unknown: (names: string[]): Localized => ({
    vi: `Tham số không được hỗ trợ: ${names.join(', ')}. Chỉ dùng from, to, commune.`,
    en: `Unsupported parameter: ${names.join(', ')}. Use only from, to, commune.`,
  }),
} satisfies Record<string, Localized | ((...a: never[]) => Localized)>;

/** A calendar day that exists (2026-02-30 does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
const commune = z.string().regex(/^\d{5}$/);

/** `?from=2026-11-06&to=2026-12-05&commune=00004`: each optional; `commune` may repeat (at most 50). */
const seriesQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  commune: z.union([commune, z.array(commune).max(50)]).optional(),
});

/**
 * The dashboard series' query, checked; a refusal names each wrong field in Vietnamese (422 with
 * `fields`), so the page can say which date to fix. The range's own rules are the service's.
 */
export function seriesQueryIn(query: unknown): { from?: string; to?: string; communes?: string[] } {
  const parsed = seriesQuery.safeParse(query ?? {});
  if (parsed.success) {
    const { from, to, commune: c } = parsed.data;
    return {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(c ? { communes: Array.isArray(c) ? c : [c] } : {}),
    };
  }
  const fields: Record<string, Localized> = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      fields.query = DASHBOARD_INPUT_WORDS.unknown(issue.keys);
      continue;
    }
    const field = String(issue.path[0]);
    fields[field] ??=
      field === 'commune' ? DASHBOARD_INPUT_WORDS.badCommune : DASHBOARD_INPUT_WORDS.badDay(field as 'from' | 'to');
  }
  throw new AppError('invalid_input', Object.values(fields)[0]!, { fields });
}
