import { PAYMENT_STATUSES, type PaymentStatus } from '../../models/payment.js';

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

const BAD_TYPE = 'Giá trị trong ô này không đọc được, vui lòng nhập lại dạng chữ hoặc số.';
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
      return fail(`Số định danh "${raw.trim()}" đã bị Excel đổi sang dạng số mũ và mất chữ số; vui lòng định dạng cột là Văn bản (Text) rồi nhập lại.`);
    }
    digits = digitsOf(raw);
    if (!/^\d+$/.test(digits)) return fail('Số định danh cá nhân chỉ gồm chữ số, không có chữ cái hay ký hiệu khác.');
  } else {
    return fail(BAD_TYPE);
  }
  if (digits.length === 12) return ok(digits);
  const oldCard = digits.length === 9 ? ' Số 9 chữ số là chứng minh nhân dân cũ, vui lòng ghi số định danh cá nhân 12 chữ số.' : '';
  return fail(`Số định danh cá nhân phải có đúng 12 chữ số (đang có ${digits.length}).${oldCard}`);
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
  Number.isNaN(date.getTime()) ? fail('Ngày trong ô này không hợp lệ.') : ok(isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()));

function fromExcelSerial(serial: number): Parsed<string> {
  if (!(serial >= 1 && serial < 80_000)) return fail(`Số ${serial} không phải là ngày tháng; vui lòng ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1950.`);
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
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return fail(`Ngày "${text}" không có thật trên lịch, vui lòng kiểm tra lại.`);
  return ok(isoOf(y, m, d));
}

/** Date that cannot be after `today` (ISO), such as a date of birth or a decision date. */
export function parseDateNotFuture(raw: unknown, today: string): Parsed<string> {
  const parsed = parseDate(raw);
  if (parsed.ok && parsed.value > today) {
    return fail(`Ngày ${formatDateVi(parsed.value)} ở sau ngày hôm nay (${formatDateVi(today)}), vui lòng kiểm tra lại.`);
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
    const whole = /^(\d{1,3}(?:\.\d{3})*|\d+),0+$/.exec(s) ?? /^(\d{1,3}(?:,\d{3})*|\d+)\.0+$/.exec(s);
    if (/^-/.test(s)) return fail('Số tiền phải lớn hơn 0.');
    if (/^\d+$/.test(s) || /^\d{1,3}(?:\.\d{3})+$/.test(s) || /^\d{1,3}(?:,\d{3})+$/.test(s)) value = Number(s.replace(/[.,]/g, ''));
    else if (whole?.[1] !== undefined) value = Number(whole[1].replace(/[.,]/g, ''));
    else if (/^[\d.,]+$/.test(s)) return fail(`Số tiền "${text}" phải là số đồng chẵn, không có phần thập phân (ví dụ 500.000).`);
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
    if (!date.ok) return fail(`Kỳ chi trả "${text || String(raw)}" không hợp lệ; vui lòng ghi tháng/năm, ví dụ 11/2026.`);
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

/** Gender codes. */
export const GENDERS = ['male', 'female'] as const;
/** Beneficiary groups (nhóm đối tượng). */
export const CATEGORIES = ['social_assistance', 'meritorious', 'poor_household', 'near_poor_household', 'child', 'other'] as const;
/** Ways the allowance reaches the beneficiary. */
export const PAYMENT_METHODS = ['bank', 'ewallet', 'mobile_money', 'cash_post'] as const;
/** Whether a beneficiary is still paid. */
export const BENEFICIARY_STATUSES = ['active', 'suspended', 'deceased', 'moved_out'] as const;
/** Outcomes of the commune police check against the population database. */
export const VERIFICATION_RESULTS = ['verified', 'mismatch', 'rejected'] as const;
/** The four identity fields the police compare. */
export const IDENTITY_FIELDS = ['full_name', 'date_of_birth', 'place_of_origin', 'permanent_residence'] as const;

/** A gender code. */
export type Gender = (typeof GENDERS)[number];
/** A beneficiary group code. */
export type Category = (typeof CATEGORIES)[number];
/** A payment method code. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** A beneficiary status code. */
export type BeneficiaryStatus = (typeof BENEFICIARY_STATUSES)[number];
/** A verification result code. */
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];
/** An identity field code. */
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Vietnamese labels of genders for documents and the UI. */
export const GENDER_LABELS_VI: Record<Gender, string> = { male: 'Nam', female: 'Nữ' };
/** Vietnamese labels of beneficiary groups. */
export const CATEGORY_LABELS_VI: Record<Category, string> = { social_assistance: 'Bảo trợ xã hội', meritorious: 'Người có công', poor_household: 'Hộ nghèo', near_poor_household: 'Hộ cận nghèo', child: 'Trẻ em', other: 'Khác' };
/** Vietnamese labels of payment methods. */
export const PAYMENT_METHOD_LABELS_VI: Record<PaymentMethod, string> = { bank: 'Tài khoản ngân hàng', ewallet: 'Ví điện tử', mobile_money: 'Mobile Money', cash_post: 'Tiền mặt tại bưu điện' };
/** Vietnamese labels of beneficiary statuses. */
export const BENEFICIARY_STATUS_LABELS_VI: Record<BeneficiaryStatus, string> = { active: 'Đang hưởng', suspended: 'Tạm dừng', deceased: 'Đã từ trần', moved_out: 'Chuyển đi' };
/** Vietnamese labels of payment statuses, in the words of the notices. */
export const PAYMENT_STATUS_LABELS_VI: Record<PaymentStatus, string> = { scheduled: 'Chờ chi trả', paid: 'Đã chuyển khoản', failed: 'Chuyển khoản không thành công', returned: 'Bị hoàn trả', cash_ready: 'Nhận tiền mặt tại bưu điện', cash_collected: 'Đã nhận tiền mặt' };
/** Vietnamese labels of verification results. */
export const VERIFICATION_RESULT_LABELS_VI: Record<VerificationResult, string> = { verified: 'Đã xác thực', mismatch: 'Sai lệch thông tin', rejected: 'Từ chối' };
/** Vietnamese labels of the identity fields, as on the police form. */
export const IDENTITY_FIELD_LABELS_VI: Record<IdentityField, string> = {
  full_name: 'Họ, chữ đệm và tên', date_of_birth: 'Ngày sinh', place_of_origin: 'Quê quán', permanent_residence: 'Nơi thường trú',
};

const enumKey = (s: string): string => foldVietnamese(s.replace(/[_-]+/g, ' '));

function enumParser<T extends string>(what: string, labels: Record<T, string>, aliases: Record<T, string[]>) {
  const lookup = new Map<string, T>();
  for (const code of Object.keys(labels) as T[]) {
    for (const name of [code, labels[code], ...aliases[code]]) lookup.set(enumKey(name), code);
  }
  const accepted = Object.values<string>(labels).join(', ');
  // A file repeats the same few spellings on every row: folding each cell again was a visible
  // share of an import's CPU. The memo is bounded, so a file of odd values cannot grow it.
  const memo = new Map<string, T | null>();
  const parse = (raw: unknown): Parsed<T> => {
    if (isBlank(raw)) return fail(BLANK_REASON);
    if (typeof raw !== 'string') return fail(`${what} "${String(raw)}" không hợp lệ; chỉ nhận: ${accepted}.`);
    let code = memo.get(raw);
    if (code === undefined) {
      code = lookup.get(enumKey(raw)) ?? null;
      if (memo.size < 256) memo.set(raw, code);
    }
    return code === null ? fail(`${what} "${raw.trim()}" không hợp lệ; chỉ nhận: ${accepted}.`) : ok(code);
  };
  return { parse, lookup, accepted };
}

const gender = enumParser('Giới tính', GENDER_LABELS_VI, { male: ['m'], female: ['f'] });
const category = enumParser('Nhóm đối tượng', CATEGORY_LABELS_VI, { social_assistance: ['đối tượng bảo trợ xã hội', 'BTXH'], meritorious: ['người có công với cách mạng'], poor_household: [], near_poor_household: [], child: [], other: [] });
const paymentMethod = enumParser('Hình thức chi trả', PAYMENT_METHOD_LABELS_VI, { bank: ['ngân hàng', 'chuyển khoản'], ewallet: ['ví'], mobile_money: [], cash_post: ['tiền mặt', 'bưu điện'] });
const beneficiaryStatus = enumParser('Trạng thái', BENEFICIARY_STATUS_LABELS_VI, { active: [], suspended: [], deceased: ['đã chết', 'chết', 'từ trần', 'qua đời', 'đã qua đời'], moved_out: ['đã chuyển đi'] });
const paymentStatus = enumParser('Trạng thái chi trả', PAYMENT_STATUS_LABELS_VI, { scheduled: ['đã lên lịch'], paid: ['đã chi trả'], failed: ['thất bại', 'không thành công'], returned: ['hoàn trả', 'đã hoàn trả'], cash_ready: ['chờ nhận tiền mặt'], cash_collected: [] });
const verificationResult = enumParser('Kết quả xác thực', VERIFICATION_RESULT_LABELS_VI, { verified: ['khớp', 'xác thực'], mismatch: ['sai lệch', 'không khớp'], rejected: [] });
const identityField = enumParser('Trường thông tin', IDENTITY_FIELD_LABELS_VI, { full_name: ['họ tên', 'họ và tên', 'họ chữ đệm và tên'], date_of_birth: [], place_of_origin: [], permanent_residence: [] });

/** Gender from `male/female`, `Nam/Nữ` or `M/F`. */
export const parseGender = gender.parse;
/** Beneficiary group from its code or Vietnamese name. */
export const parseCategory = category.parse;
/** Payment method from its code or Vietnamese name. */
export const parsePaymentMethod = paymentMethod.parse;
/** Beneficiary status from its code or Vietnamese name. */
export const parseBeneficiaryStatus = beneficiaryStatus.parse;
/** Payment status from its code or Vietnamese name. */
export const parsePaymentStatus = paymentStatus.parse;
/** Verification result from its code or Vietnamese name. */
export const parseVerificationResult = verificationResult.parse;

/** List of mismatched identity fields, separated by `;` or `,` (labels may contain commas). */
export function parseMismatchFields(raw: unknown): Parsed<IdentityField[]> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  if (typeof raw !== 'string') return fail(BAD_TYPE);
  let text = foldVietnamese(raw);
  const found: { at: number; code: IdentityField }[] = [];
  const labels = [...identityField.lookup.entries()].filter(([key]) => key.includes(',')).sort((a, b) => b[0].length - a[0].length);
  for (const [key, code] of labels) {
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      found.push({ at, code });
      text = text.slice(0, at) + ';'.repeat(key.length) + text.slice(at + key.length);
    }
  }
  for (const part of text.matchAll(/[^;,\n]+/g)) {
    if (part[0].trim() === '') continue;
    const code = identityField.lookup.get(enumKey(part[0]));
    if (code === undefined) return fail(`Trường sai lệch "${part[0].trim()}" không hợp lệ; chỉ nhận: ${identityField.accepted}.`);
    found.push({ at: part.index, code });
  }
  if (found.length === 0) return fail(BLANK_REASON);
  return ok([...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.code))]);
}

/** Free text: trimmed, single-spaced, NFC; empty or longer than `max` characters fails. */
export function parseText(raw: unknown, { max }: { max: number }): Parsed<string> {
  if (isBlank(raw)) return fail(BLANK_REASON);
  if (raw instanceof Date) return fail('Ô này đang bị Excel hiểu là ngày tháng; vui lòng định dạng cột là Văn bản (Text) rồi nhập lại.');
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(BAD_TYPE);
  const text = String(raw).normalize('NFC').replace(/[\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
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
  if (!/^\d+$/.test(code) || code.length !== digits) return fail(`${what} "${code}" không hợp lệ; phải gồm đúng ${digits} chữ số.`);
  if (/^0+$/.test(code)) return fail(`${what} "${code}" không hợp lệ; mã không thể toàn chữ số 0.`);
  return ok(code);
}

export { PAYMENT_STATUSES, type PaymentStatus };
