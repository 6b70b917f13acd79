import type { Request } from 'express';
import { AppError, type Localized } from '../../services/errors.js';

/** Words for officer requests the server cannot read. */
export const OFFICER_INPUT_WORDS = {
  badCommune: { vi: 'Mã xã/phường không hợp lệ (5 chữ số).', en: 'Invalid commune code (5 digits).' },
  badRef: { vi: 'Không tìm thấy hồ sơ.', en: 'Record not found.' },
  badFormat: { vi: 'Xin chọn định dạng CSV hoặc XLSX.', en: 'Please choose CSV or XLSX.' },
  badState: { vi: 'Trạng thái không hợp lệ.', en: 'Invalid state.' },
  noFile: {
    vi: 'Xin chọn tệp kết quả xác thực dạng CSV hoặc XLSX.',
    en: 'Please choose the verification results file (CSV or XLSX).',
  },
  fileTooLarge: {
    vi: 'Tệp quá lớn (tối đa 5 MB). Xin chia tệp thành nhiều phần rồi tải lên từng phần.',
    en: 'The file is too large (5 MB at most). Please split it and upload each part.',
  },
} satisfies Record<string, Localized>;

const COMMUNE = /^\d{5}$/;
const REF = /^[0-9a-f]{24}$/;

/** A query or body value as text: a string, number or boolean as written; anything else as '' (an object's String() may throw). */
export function textIn(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Every value a query or body field holds (repeated or comma-separated), as strings. */
function valuesOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
  return list
    .flatMap((x) => textIn(x).split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Commune codes asked for (`?commune=00001&commune=00002` or a JSON array); refuses malformed ones. */
export function communesIn(v: unknown): string[] {
  const codes = valuesOf(v);
  if (codes.some((c) => !COMMUNE.test(c))) throw new AppError('invalid_input', OFFICER_INPUT_WORDS.badCommune);
  return codes;
}

/** Record or account ids asked for; a malformed one is "not found", like an unknown one. */
export function refsIn(v: unknown): string[] {
  const refs = valuesOf(v);
  if (refs.some((r) => !REF.test(r))) throw new AppError('not_found', OFFICER_INPUT_WORDS.badRef);
  return refs;
}

/** The `:ref` of the path. */
export function refParam(req: Request): string {
  return refsIn(String(req.params.ref ?? ''))[0] ?? '';
}

/** A positive whole number, or the fallback; capped at `max`. */
export function intIn(v: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** The download format asked for. */
export function formatIn(v: unknown): 'csv' | 'xlsx' {
  const f = (v === undefined || v === null ? 'csv' : textIn(Array.isArray(v) ? v[0] : v)).toLowerCase();
  if (f !== 'csv' && f !== 'xlsx') throw new AppError('invalid_input', OFFICER_INPUT_WORDS.badFormat);
  return f;
}

/** Queue states asked for; none means both. */
export function statesIn(v: unknown): ('submitted' | 'verifying')[] {
  const states = valuesOf(v);
  if (states.some((s) => s !== 'submitted' && s !== 'verifying'))
    throw new AppError('invalid_input', OFFICER_INPUT_WORDS.badState);
  return states as ('submitted' | 'verifying')[];
}

/** The first value of a query field, as text, if any. */
export function oneIn(v: unknown): string | undefined {
  const [first] = valuesOf(v);
  return first;
}

/** Content types of downloads. */
export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
