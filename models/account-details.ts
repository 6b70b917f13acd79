import type { SealedNumber } from './beneficiary.js';

// The account's shapes and pure rules; models/account.ts holds the schema and repository and re-exports these.

/** Where account verification by the commune police stands. */
export const VERIFICATION_STATES = ['submitted', 'verifying', 'verified', 'mismatch', 'rejected'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];
/** States in which the police have given their answer. */
export const FINAL_VERIFICATION_STATES: ReadonlySet<VerificationState> = new Set(['verified', 'mismatch', 'rejected']);

/** The account the allowance goes to. */
export type AccountDetails = {
  type: 'bank' | 'ewallet' | 'mobile_money';
  providerCode: string;
  providerName: string;
  number: SealedNumber;
  holderName: string;
  owner: 'self' | 'authorized';
  submittedAt: Date;
  source: string;
  /** Who gave these details in the mini-app; absent on imported details and on those saved before it was recorded. */
  changedBy?: DetailsAuthor;
};

/**
 * Who gave the current details: the beneficiary, the authorized person (as the chat's link proved),
 * someone the link cannot tell (a code link, a web link for one record), or the officer's own import.
 */
export type DetailsAuthor = 'self' | 'authorized' | 'unknown' | 'import';

/** Who gave these details; details without a record of it came from an import unless the mini-app saved them. */
export function authorOf(details: AccountDetails): DetailsAuthor {
  return details.changedBy ?? (details.source.startsWith('miniapp') ? 'unknown' : 'import');
}

/**
 * The verification result with the four identity fields that may differ and, for a mismatch, what the
 * national population database holds for those the police gave (keyed by field; dates YYYY-MM-DD).
 * Those values are the beneficiary's personal data: shown to the family and the officer, never logged.
 */
export type Verification = {
  state: VerificationState;
  mismatchFields: string[];
  reason: string | null;
  at: Date;
  populationValues: Record<string, string>;
};

/** A new authorized person named by the beneficiary's side, waiting for an officer's review. */
export type ProposedGuardian = { name: string; nationalId: SealedNumber; phone: SealedNumber; relation: string };

/** The person's confirmation that the current details are right, for one payment period. */
export type Confirmation = { period: string; at: Date; version: number; via: string };

/** The parts of a set of details a change may touch; what the officer's queue says changed. */
export const DETAIL_FIELDS = ['provider', 'number', 'holderName', 'owner'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

/** Which parts of `next` differ from `old` (all of them for first details). */
export function changedDetailFields(old: AccountDetails | null, next: AccountDetails): DetailField[] {
  if (!old) return [...DETAIL_FIELDS];
  const differs: Record<DetailField, boolean> = {
    provider: old.providerCode !== next.providerCode,
    number: old.number.index !== next.number.index,
    holderName: old.holderName !== next.holderName,
    owner: old.owner !== next.owner,
  };
  return DETAIL_FIELDS.filter((f) => differs[f]);
}

/** A verification as stored: results stored before population values came have none. */
export type StoredVerification = Omit<Verification, 'populationValues'> & { populationValues?: Record<string, string> };
/** A stored verification as the services read it, with every field present. */
export const verificationOf = (v: StoredVerification): Verification => ({
  ...v,
  reason: v.reason ?? null,
  mismatchFields: v.mismatchFields ?? [],
  populationValues: v.populationValues ?? {},
});
