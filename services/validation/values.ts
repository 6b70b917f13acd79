/** Result of parsing one spreadsheet cell: the clean value, or a Vietnamese reason for the officer. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Wraps a successfully parsed value. */
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** Wraps a rejection with the reason shown to the commune officer. */
export const fail = <T = never>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Reason given by every parser for an empty cell. */
export const BLANK_REASON = 'Ô này không được để trống.';

/** True for a cell with nothing in it, so callers can skip optional columns. */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** Folds Vietnamese text for comparison: no diacritics, đ→d, lower case, single spaces. */
export function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Reason given for a cell whose type cannot be read (an image, an error value…). */
export const BAD_TYPE = 'Giá trị trong ô này không đọc được, vui lòng nhập lại dạng chữ hoặc số.';
const digitsOf = (raw: string): string => raw.replace(/[\s.\-()]/g, '');

/** Personal ID number (số định danh cá nhân / CCCD): exactly 12 digits. */
export function parseNationalId(raw: unknown): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  let digits: string;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 0) return fail('Số định danh cá nhân chỉ gồm 12 chữ số.');
    digits = String(raw);
    if (digits.length === 10 || digits.length === 11) digits = digits.padStart(12, '0');
  } else if (typeof raw === 'string') {
    if (/^\d+(?:[.,]\d+)?e\+?\d+$/i.test(raw.trim())) {
      return fail(
        `Số định danh "${raw.trim()}" đã bị Excel đổi sang dạng số mũ và mất chữ số; vui lòng định dạng cột là Văn bản (Text) rồi nhập lại.`,
      );
    }
    digits = digitsOf(raw);
    if (!/^\d+$/.test(digits)) return fail('Số định danh cá nhân chỉ gồm chữ số, không có chữ cái hay ký hiệu khác.');
  } else {
    return fail(BAD_TYPE);
  }
  if (digits.length === 12) return ok(digits);
  const oldCard =
    digits.length === 9 ? ' Số 9 chữ số là chứng minh nhân dân cũ, vui lòng ghi số định danh cá nhân 12 chữ số.' : '';
  return fail(`Số định danh cá nhân phải có đúng 12 chữ số (đang có ${digits.length}).${oldCard}`);
}

/**
 * The number a register row is known by: the 12-digit personal ID, or an old 9-digit identity card
 * number (chứng minh nhân dân) still on many records. Seed 001 counts those as lacking a valid ID;
 * refusing them would leave the person out of the register altogether, so they are kept and the
 * record lists `national_id` as missing.
 */
export function parseRegisterId(raw: unknown): Parsed<string> {
  const parsed = parseNationalId(raw);
  if (parsed.ok) return parsed;
  const digits = typeof raw === 'string' ? digitsOf(raw) : typeof raw === 'number' ? String(raw) : '';
  return /^\d{9}$/.test(digits) ? ok(digits) : parsed;
}

/** Vietnamese mobile number, stored in E.164 form (+84xxxxxxxxx). */
export function parsePhone(raw: unknown): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  let digits: string;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) digits = String(raw);
  else if (typeof raw === 'string') digits = digitsOf(raw);
  else return fail(BAD_TYPE);
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('84') && digits.length === 11) digits = `0${digits.slice(2)}`;
  else if (/^[35789]\d{8}$/.test(digits)) digits = `0${digits}`;
  if (/^0[35789]\d{8}$/.test(digits)) return ok(`+84${digits.slice(1)}`);
  return fail('Số điện thoại di động phải có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (ví dụ 0912 345 678).');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number): string => `${y}-${pad2(m)}-${pad2(d)}`;
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Shows an ISO date the way officers write it (dd/mm/yyyy). */
export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const fromUtcDate = (date: Date): Parsed<string> =>
  Number.isNaN(date.getTime())
    ? fail('Ngày trong ô này không hợp lệ.')
    : ok(isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()));

function fromExcelSerial(serial: number): Parsed<string> {
  if (!(serial >= 1 && serial < 80_000))
    return fail(`Số ${serial} không phải là ngày tháng; vui lòng ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1950.`);
  const days = Math.floor(serial);
  // Excel counts a non-existent 29/02/1900, so serials before it are one day later.
  return fromUtcDate(new Date((days < 61 ? EXCEL_EPOCH + DAY_MS : EXCEL_EPOCH) + days * DAY_MS));
}

/** Calendar date from text, an XLSX Date or an Excel serial number → ISO YYYY-MM-DD. */
export function parseDate(raw: unknown): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  if (raw instanceof Date) return fromUtcDate(raw);
  if (typeof raw === 'number') return fromExcelSerial(raw);
  if (typeof raw !== 'string') return fail(BAD_TYPE);
  const text = raw.trim();
  let parts = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text)?.slice(1, 4).map(Number);
  if (parts === undefined) {
    const vi = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(text);
    if (vi) parts = [Number(vi[3]), Number(vi[2]), Number(vi[1])];
  }
  const [y, m, d] = parts ?? [];
  if (y === undefined || m === undefined || d === undefined) {
    return fail(`Ngày "${text}" không đúng định dạng; vui lòng ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1950.`);
  }
  if (y < 1900 || y > 2100) return fail(`Năm ${y} trong ngày "${text}" không hợp lệ, vui lòng kiểm tra lại.`);
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m))
    return fail(`Ngày "${text}" không có thật trên lịch, vui lòng kiểm tra lại.`);
  return ok(isoOf(y, m, d));
}

/** Date that cannot be after `today` (ISO), such as a date of birth or a decision date. */
export function parseDateNotFuture(raw: unknown, today: string): Parsed<string> {
  const parsed = parseDate(raw);
  if (parsed.ok && parsed.value > today) {
    return fail(
      `Ngày ${formatDateVi(parsed.value)} ở sau ngày hôm nay (${formatDateVi(today)}), vui lòng kiểm tra lại.`,
    );
  }
  return parsed;
}

const MAX_AMOUNT = 1_000_000_000;

/** Amount in đồng as a positive whole number (500.000, 500,000 ₫, 500000đ…). */
export function parseAmount(raw: unknown): Parsed<number> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  let value: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(BAD_TYPE);
    if (!Number.isInteger(raw)) return fail('Số tiền phải là số đồng chẵn, không có phần thập phân (ví dụ 500.000).');
    value = raw;
  } else if (typeof raw === 'string') {
    const text = raw.normalize('NFC').trim();
    const s = text.replace(/\s+|₫|vn[dđ]|đồng|dong|[đd]$/giu, '');
    // Thousands groups never start with 0: "0.500" is half of something, not 500 đồng.
    const whole = /^([1-9]\d{0,2}(?:\.\d{3})*|\d+),0+$/.exec(s) ?? /^([1-9]\d{0,2}(?:,\d{3})*|\d+)\.0+$/.exec(s);
    if (/^-/.test(s)) return fail('Số tiền phải lớn hơn 0.');
    if (/^\d+$/.test(s) || /^[1-9]\d{0,2}(?:\.\d{3})+$/.test(s) || /^[1-9]\d{0,2}(?:,\d{3})+$/.test(s))
      value = Number(s.replace(/[.,]/g, ''));
    else if (whole?.[1] !== undefined) value = Number(whole[1].replace(/[.,]/g, ''));
    else if (/^[\d.,]+$/.test(s))
      return fail(`Số tiền "${text}" phải là số đồng chẵn, không có phần thập phân (ví dụ 500.000).`);
    else return fail(`Số tiền "${text}" không hợp lệ; vui lòng chỉ ghi chữ số, ví dụ 500.000.`);
  } else {
    return fail(BAD_TYPE);
  }
  if (value <= 0) return fail('Số tiền phải lớn hơn 0.');
  if (value > MAX_AMOUNT) return fail('Số tiền không được vượt quá 1.000.000.000 đồng.');
  return ok(value);
}

/** Payment period (kỳ chi trả) → YYYY-MM, from 2026-11, 11/2026, T11/2026, tháng 11/2026 or a date. */
export function parsePeriod(raw: unknown): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  let y: number;
  let m: number;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const folded = foldVietnamese(text);
  const iso = /^(\d{4})[-/.](\d{1,2})$/.exec(folded);
  const vi = /^(?:ky\s*)?(?:thang|t)?\s*(\d{1,2})\s*(?:[-/.]|nam)\s*(\d{4})$/.exec(folded);
  if (raw instanceof Date || typeof raw === 'number' || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(text)) {
    const date = parseDate(raw);
    if (!date.ok)
      return fail(`Kỳ chi trả "${text || String(raw)}" không hợp lệ; vui lòng ghi tháng/năm, ví dụ 11/2026.`);
    [y, m] = date.value.split('-').map(Number) as [number, number];
  } else if (iso) {
    [y, m] = [Number(iso[1]), Number(iso[2])];
  } else if (vi) {
    [y, m] = [Number(vi[2]), Number(vi[1])];
  } else if (typeof raw === 'string') {
    return fail(`Kỳ chi trả "${text}" không đúng định dạng; vui lòng ghi tháng/năm, ví dụ 11/2026.`);
  } else {
    return fail(BAD_TYPE);
  }
  if (m < 1 || m > 12) return fail(`Tháng ${m} không hợp lệ; tháng phải từ 1 đến 12.`);
  if (y < 2000 || y > 2100) return fail(`Năm ${y} không hợp lệ cho kỳ chi trả, vui lòng kiểm tra lại.`);
  return ok(`${y}-${pad2(m)}`);
}

/** Free text: trimmed, single-spaced, NFC; empty or longer than `max` characters fails. */
export function parseText(raw: unknown, { max }: { max: number }): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  if (raw instanceof Date)
    return fail('Ô này đang bị Excel hiểu là ngày tháng; vui lòng định dạng cột là Văn bản (Text) rồi nhập lại.');
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(BAD_TYPE);
  // Zero-width characters go before NFC: one between a letter and its accent would keep them apart.
  const text = String(raw)
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return fail(BLANK_REASON);
  const length = [...text].length;
  if (length > max) return fail(`Nội dung dài ${length} ký tự, vượt quá giới hạn ${max} ký tự.`);
  return ok(text);
}

/** Province (2-digit) or commune (5-digit) code; numeric cells get their lost leading zeros back. */
export function parseCode(raw: unknown, digits: number): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  const what = digits === 2 ? 'Mã tỉnh' : digits === 5 ? 'Mã xã' : 'Mã';
  let code: string;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) code = String(raw).padStart(digits, '0');
  else if (typeof raw === 'string') code = raw.trim();
  else return fail(`${what} phải gồm đúng ${digits} chữ số.`);
  if (!/^\d+$/.test(code) || code.length !== digits)
    return fail(`${what} "${code}" không hợp lệ; phải gồm đúng ${digits} chữ số.`);
  if (/^0+$/.test(code)) return fail(`${what} "${code}" không hợp lệ; mã không thể toàn chữ số 0.`);
  return ok(code);
}
