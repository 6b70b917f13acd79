import { IDENTITY_FIELD_LABELS_VI, type IdentityField } from '../../validation/codes.js';
import { formatDate } from '../../format.js';
import { maskDigits } from '../../mask.js';
import type { Lang } from './types.js';

/** English labels of the identity fields the police compare (Vietnamese ones live with the validation rules). */
export const IDENTITY_FIELD_LABELS_EN: Record<IdentityField, string> = {
  full_name: 'Full name',
  date_of_birth: 'Date of birth',
  place_of_origin: 'Place of origin',
  permanent_residence: 'Permanent residence',
};

/** Identity field labels by language. */
export const IDENTITY_FIELD_LABELS: Record<Lang, Record<IdentityField, string>> = {
  vi: IDENTITY_FIELD_LABELS_VI,
  en: IDENTITY_FIELD_LABELS_EN,
};

/**
 * The provincial department that runs social protection since the 2025 reform (Sở Y tế).
 * The domain notes want organisation names in configuration; until config carries one, it is named here only.
 */
export const PROVINCE_OFFICE: Record<Lang, (province: string) => string> = {
  vi: (province) => `Sở Y tế ${province}`,
  en: (province) => `${province} Department of Health`,
};

/** The same warning the greeting gives, so people hear it where a scammer would strike: after a failed payment. */
export const NEVER_ASK: Record<Lang, string> = {
  vi: '🔒 Chúng tôi không bao giờ hỏi mật khẩu, mã OTP hay số tài khoản đầy đủ. Xin đừng gửi những thông tin đó cho ai.',
  en: '🔒 We never ask for passwords, OTP codes or full account numbers. Please do not send them to anyone.',
};

/** The person a notice is about, as the /status view shows it (one chat may follow both parents). */
export const person = (name: string): string => `👤 ${name}`;

/** A free-text value as a sentence: it gets a full stop unless it already ends with punctuation. */
export const sentence = (s: string): string => (/[.!?…]$/.test(s) ? s : `${s}.`);

/** "account •••• 1234 at Vietcombank", leaving out whichever part the register does not know. */
export function accountPhrase(lang: Lang, masked: string, provider: string | null): string {
  if (lang === 'vi') {
    if (!masked) return provider ? `tài khoản tại ${provider}` : 'tài khoản nhận tiền';
    return `tài khoản ${masked}${provider ? ` tại ${provider}` : ''}`;
  }
  if (!masked) return provider ? `your account at ${provider}` : 'your receiving account';
  return `account ${masked}${provider ? ` at ${provider}` : ''}`;
}

/** "từ ngày 10/11/2026 đến ngày 20/11/2026" with whichever dates are known; null when neither is. */
export function pickupWhen(lang: Lang, from: string | null, to: string | null): string | null {
  const [f, t] = [from && formatDate(from), to && formatDate(to)];
  if (lang === 'vi') {
    if (f && t) return `từ ngày ${f} đến ngày ${t}`;
    return f ? `từ ngày ${f}` : t ? `đến hết ngày ${t}` : null;
  }
  if (f && t) return `from ${f} to ${t}`;
  return f ? `from ${f}` : t ? `until ${t}` : null;
}

/** A message from its lines; a line that does not apply (null) is left out rather than left blank. */
export const lines = (...parts: (string | null)[]): string => parts.filter((p) => p !== null).join('\n');

// A reason is typed by an officer and may quote an account number; only its masked tail may reach the chat.
/** "Lý do: …" when the register knows why, nothing otherwise. */
export const because = (label: string, reason: string | null): string | null =>
  reason ? `${label}: ${sentence(maskDigits(reason))}` : null;

/**
 * Where to go to put details right: the commune office with its address and hours when the commune
 * record has them, otherwise the commune office in general words.
 */
export function officeVisit(
  lang: Lang,
  office: { communeName: string | null; officeAddress: string | null; officeHours: string | null },
): string {
  const place = office.communeName;
  if (lang === 'vi') {
    const where = place ? `Ủy ban nhân dân ${place}` : 'Ủy ban nhân dân xã, phường nơi ông/bà thường trú';
    const address = office.officeAddress ? ` (${office.officeAddress})` : '';
    const hours = office.officeHours ? `, giờ làm việc: ${office.officeHours}` : ', trong giờ hành chính';
    return `mang CCCD đến bộ phận một cửa của ${where}${address}${hours}`;
  }
  const where = place ? `the ${place} People's Committee` : "your commune's People's Committee";
  const address = office.officeAddress ? ` (${office.officeAddress})` : '';
  const hours = office.officeHours ? `, open ${office.officeHours}` : ', during office hours';
  return `bring your ID card (CCCD) to the one-stop desk of ${where}${address}${hours}`;
}
