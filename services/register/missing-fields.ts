import type { Localized } from '../errors.js';

/**
 * The fields every active record must have (seed 000; seed 001 counts the first four per
 * province): a valid 12-digit personal ID, gender, ethnicity, the number and date of the decision,
 * and the account the allowance goes to. Officers' missing-data report and list count these.
 */
export const MISSING_FIELDS = ['national_id', 'gender', 'ethnicity', 'decision', 'account'] as const;

/** One field the missing-data report counts. */
export type MissingField = (typeof MISSING_FIELDS)[number];

/** Also tracked on each record (the register figures count it) but not part of the seeds' list: a phone to reach the person. */
export const CONTACT_FIELD = 'phone';

/** How officers read each missing field, Vietnamese first. */
export const MISSING_LABELS: Record<MissingField | typeof CONTACT_FIELD, Localized> = {
  national_id: { vi: 'Số định danh cá nhân 12 số', en: 'valid 12-digit personal ID' },
  gender: { vi: 'Giới tính', en: 'gender' },
  ethnicity: { vi: 'Dân tộc', en: 'ethnicity' },
  decision: { vi: 'Số, ngày quyết định hưởng', en: 'decision number and date' },
  account: { vi: 'Thông tin tài khoản nhận tiền', en: 'account details' },
  phone: { vi: 'Số điện thoại', en: 'phone' },
};

/** Whether a name is one of the report's fields. */
export function isMissingField(name: string): name is MissingField {
  return (MISSING_FIELDS as readonly string[]).includes(name);
}

/** What a record's row tells about it, for `missingFields`. */
export type MissingFacts = {
  nationalId: string;
  gender: string | null;
  ethnicity: string | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  phone: string | null;
  guardian: { phone: string | null } | null;
};

/**
 * Required fields a record lacks. An ID of fewer than 12 digits (the old 9-digit identity card)
 * is kept so the record stays in the register, and counted as missing, as seed 001 counts it.
 * `hasAccount`: whether account details exist for the record, from the row or stored earlier.
 */
export function missingFields(b: MissingFacts, hasAccount: boolean): string[] {
  const missing: string[] = [];
  if (!/^\d{12}$/.test(b.nationalId)) missing.push('national_id');
  if (!b.gender) missing.push('gender');
  if (!b.ethnicity) missing.push('ethnicity');
  if (!b.decisionNumber || !b.decisionDate) missing.push('decision');
  if (!b.phone && !b.guardian?.phone) missing.push(CONTACT_FIELD);
  if (!hasAccount) missing.push('account');
  return missing;
}
