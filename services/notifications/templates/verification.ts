import { formatDate } from '../../format.js';
import type { IdentityField } from '../../validation/codes.js';
import type { Lang, Renderers } from './types.js';
import { IDENTITY_FIELD_LABELS, NEVER_ASK, because, lines, officeVisit, person, sentence } from './words.js';

type VerificationTemplate = 'verification_verified' | 'verification_mismatch' | 'verification_rejected';

const IN_POPULATION_DB: Record<Lang, string> = {
  vi: 'theo Cơ sở dữ liệu quốc gia về dân cư',
  en: 'in the national population database',
};

/** A differing field, with the population database's value when the police gave it (the family enters that one). */
function fieldLine(lang: Lang, field: IdentityField, values: Partial<Record<IdentityField, string>>): string {
  const value = values[field];
  const label = IDENTITY_FIELD_LABELS[lang][field];
  if (!value) return `• ${label}`;
  return `• ${label} ${IN_POPULATION_DB[lang]}: ${field === 'date_of_birth' ? formatDate(value) : value}`;
}

const vi: Renderers<VerificationTemplate> = {
  verification_verified: (v) =>
    lines(
      '✅ Tài khoản nhận tiền đã được xác thực',
      person(v.beneficiaryName),
      `Tài khoản nhận tiền ${v.destinationMasked} tại ${v.provider}: ✅ Đã xác thực.`,
      'Trợ cấp hằng tháng sẽ được chuyển vào tài khoản này. Ông/bà không cần làm gì thêm.',
    ),
  verification_mismatch: (v) =>
    lines(
      '⚠️ Thông tin tài khoản nhận tiền bị sai lệch',
      person(v.beneficiaryName),
      `Tài khoản nhận tiền ${v.destinationMasked} tại ${v.provider}: ⚠️ Sai lệch thông tin so với Cơ sở dữ liệu quốc gia về dân cư:`,
      ...v.mismatchFields.map((f) => fieldLine('vi', f, v.populationValues)),
      sentence(
        `Việc cần làm: xin sửa lại thông tin trong ứng dụng Tin An Sinh (nút «Mở ứng dụng»), hoặc ${officeVisit('vi', v)}`,
      ),
      'Khi chưa điều chỉnh, tiền trợ cấp có thể chưa chuyển được.',
    ),
  verification_rejected: (v) =>
    lines(
      '❌ Tài khoản nhận tiền không được xác thực',
      person(v.beneficiaryName),
      `Tài khoản nhận tiền ${v.destinationMasked} tại ${v.provider}: ❌ Không được xác thực.`,
      because('Lý do', v.reason),
      sentence(
        `Việc cần làm: xin khai lại tài khoản nhận tiền (của chính người hưởng hoặc của người được ủy quyền) trong ứng dụng Tin An Sinh, hoặc ${officeVisit('vi', v)}`,
      ),
      NEVER_ASK.vi,
    ),
};

const en: Renderers<VerificationTemplate> = {
  verification_verified: (v) =>
    lines(
      '✅ Receiving account verified',
      person(v.beneficiaryName),
      `Receiving account ${v.destinationMasked} at ${v.provider}: ✅ Verified.`,
      'The monthly allowance will be paid into this account. Nothing else is needed.',
    ),
  verification_mismatch: (v) =>
    lines(
      '⚠️ Receiving account details do not match',
      person(v.beneficiaryName),
      `Receiving account ${v.destinationMasked} at ${v.provider}: ⚠️ Mismatch with the national population database:`,
      ...v.mismatchFields.map((f) => fieldLine('en', f, v.populationValues)),
      sentence(
        `What to do: please correct the details in the Tin An Sinh app ("Open the app"), or ${officeVisit('en', v)}`,
      ),
      'Until then the allowance may not be paid.',
    ),
  verification_rejected: (v) =>
    lines(
      '❌ Receiving account not verified',
      person(v.beneficiaryName),
      `Receiving account ${v.destinationMasked} at ${v.provider}: ❌ Not verified.`,
      because('Reason', v.reason),
      sentence(
        `What to do: please register the receiving account again (the beneficiary's own or an authorized person's) in the Tin An Sinh app, or ${officeVisit('en', v)}`,
      ),
      NEVER_ASK.en,
    ),
};

/** Account-verification notices by language. */
export const VERIFICATION_TEXTS: Record<Lang, Renderers<VerificationTemplate>> = { vi, en };
