import { PAYMENT_STATUSES, type PaymentStatus } from '../../models/payment.js';
import { BAD_TYPE, BLANK_REASON, fail, foldVietnamese, isBlank, ok, type Parsed } from './values.js';

/*
 * The register's codes (gender, group, payment method and status, verification result, identity
 * field), their Vietnamese labels, and parsers that accept either the code or a Vietnamese name.
 */

export { PAYMENT_STATUSES, type PaymentStatus };

/** Gender codes. */
export const GENDERS = ['male', 'female'] as const;
/** Beneficiary groups (nhóm đối tượng). */
export const CATEGORIES = [
  'social_assistance',
  'meritorious',
  'poor_household',
  'near_poor_household',
  'child',
  'other',
] as const;
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
export const CATEGORY_LABELS_VI: Record<Category, string> = {
  social_assistance: 'Bảo trợ xã hội',
  meritorious: 'Người có công',
  poor_household: 'Hộ nghèo',
  near_poor_household: 'Hộ cận nghèo',
  child: 'Trẻ em',
  other: 'Khác',
};
/** Vietnamese labels of payment methods. */
export const PAYMENT_METHOD_LABELS_VI: Record<PaymentMethod, string> = {
  bank: 'Tài khoản ngân hàng',
  ewallet: 'Ví điện tử',
  mobile_money: 'Mobile Money',
  cash_post: 'Tiền mặt tại bưu điện',
};
/** Vietnamese labels of beneficiary statuses. */
export const BENEFICIARY_STATUS_LABELS_VI: Record<BeneficiaryStatus, string> = {
  active: 'Đang hưởng',
  suspended: 'Tạm dừng',
  deceased: 'Đã từ trần',
  moved_out: 'Chuyển đi',
};
/** Vietnamese labels of payment statuses, in the words of the notices. */
export const PAYMENT_STATUS_LABELS_VI: Record<PaymentStatus, string> = {
  scheduled: 'Chờ chi trả',
  paid: 'Đã chuyển khoản',
  failed: 'Chuyển khoản không thành công',
  returned: 'Bị hoàn trả',
  cash_ready: 'Nhận tiền mặt tại bưu điện',
  cash_collected: 'Đã nhận tiền mặt',
};
/** Vietnamese labels of verification results. */
export const VERIFICATION_RESULT_LABELS_VI: Record<VerificationResult, string> = {
  verified: 'Đã xác thực',
  mismatch: 'Sai lệch thông tin',
  rejected: 'Từ chối',
};
/** Vietnamese labels of the identity fields, as on the police form. */
export const IDENTITY_FIELD_LABELS_VI: Record<IdentityField, string> = {
  full_name: 'Họ, chữ đệm và tên',
  date_of_birth: 'Ngày sinh',
  place_of_origin: 'Quê quán',
  permanent_residence: 'Nơi thường trú',
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
    // An object without a usable toString (no prototype) would make String() throw.
    if (typeof raw === 'object' && !(raw instanceof Date)) return fail(BAD_TYPE);
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
const category = enumParser('Nhóm đối tượng', CATEGORY_LABELS_VI, {
  social_assistance: ['đối tượng bảo trợ xã hội', 'BTXH'],
  meritorious: ['người có công với cách mạng'],
  poor_household: [],
  near_poor_household: [],
  child: [],
  other: [],
});
const paymentMethod = enumParser('Hình thức chi trả', PAYMENT_METHOD_LABELS_VI, {
  bank: ['ngân hàng', 'chuyển khoản'],
  ewallet: ['ví'],
  mobile_money: [],
  cash_post: ['tiền mặt', 'bưu điện'],
});
const beneficiaryStatus = enumParser('Trạng thái', BENEFICIARY_STATUS_LABELS_VI, {
  active: [],
  suspended: [],
  deceased: ['đã chết', 'chết', 'từ trần', 'qua đời', 'đã qua đời'],
  moved_out: ['đã chuyển đi'],
});
const paymentStatus = enumParser('Trạng thái chi trả', PAYMENT_STATUS_LABELS_VI, {
  scheduled: ['đã lên lịch'],
  paid: ['đã chi trả'],
  failed: ['thất bại', 'không thành công'],
  returned: ['hoàn trả', 'đã hoàn trả'],
  cash_ready: ['chờ nhận tiền mặt'],
  cash_collected: [],
});
const verificationResult = enumParser('Kết quả xác thực', VERIFICATION_RESULT_LABELS_VI, {
  verified: ['khớp', 'xác thực'],
  mismatch: ['sai lệch', 'không khớp'],
  rejected: [],
});
const identityField = enumParser('Trường thông tin', IDENTITY_FIELD_LABELS_VI, {
  full_name: ['họ tên', 'họ và tên', 'họ chữ đệm và tên'],
  date_of_birth: [],
  place_of_origin: [],
  permanent_residence: [],
});

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
  // Folding turns line breaks into spaces: a cell listing one field per line must keep them as separators.
  let text = foldVietnamese(raw.replace(/[\r\n]+/g, ';'));
  const found: { at: number; code: IdentityField }[] = [];
  const labels = [...identityField.lookup.entries()]
    .filter(([key]) => key.includes(','))
    .sort((a, b) => b[0].length - a[0].length);
  for (const [key, code] of labels) {
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      found.push({ at, code });
      text = text.slice(0, at) + ';'.repeat(key.length) + text.slice(at + key.length);
    }
  }
  for (const part of text.matchAll(/[^;,\n]+/g)) {
    if (part[0].trim() === '') continue;
    const code = identityField.lookup.get(enumKey(part[0]));
    if (code === undefined)
      return fail(`Trường sai lệch "${part[0].trim()}" không hợp lệ; chỉ nhận: ${identityField.accepted}.`);
    found.push({ at: part.index, code });
  }
  if (found.length === 0) return fail(BLANK_REASON);
  return ok([...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.code))]);
}
