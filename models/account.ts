import mongoose, { Schema } from 'mongoose';
import type { SealedNumber } from './beneficiary.js';
import { isDuplicateKey, oid, oids } from './ids.js';

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
};

/** The verification result with the four identity fields that may differ. */
export type Verification = { state: VerificationState; mismatchFields: string[]; reason: string | null; at: Date };

/** One beneficiary's current account, its verification and the history of replaced details. */
export type StoredAccount = {
  id: string;
  beneficiaryId: string;
  current: AccountDetails;
  verification: Verification;
  history: (AccountDetails & { replacedAt: Date })[];
  version: number;
};

const details = {
  type: String,
  providerCode: String,
  providerName: String,
  number: new Schema({ sealed: String, index: String, last4: String }, { _id: false }),
  holderName: String,
  owner: String,
  submittedAt: Date,
  source: String,
};
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    beneficiaryId: { type: Schema.Types.ObjectId, required: true, unique: true },
    current: new Schema(details, { _id: false }),
    verification: new Schema({ state: String, mismatchFields: [String], reason: String, at: Date }, { _id: false }),
    history: [new Schema({ ...details, replacedAt: Date }, { _id: false })],
    version: { type: Number, default: 1 },
  },
  { collection: 'accounts', timestamps: true, versionKey: false },
);

const AccountModel = mongoose.model('Account', schema);

type Doc = Omit<StoredAccount, 'id' | 'beneficiaryId'> & { _id: mongoose.Types.ObjectId; beneficiaryId: mongoose.Types.ObjectId };
const plain = ({ _id, beneficiaryId, ...rest }: Doc): StoredAccount => ({ ...rest, id: String(_id), beneficiaryId: String(beneficiaryId) });

/** Repository over account details; one document per beneficiary, changed atomically. */
export const accounts = {
  async byIds(ids: readonly string[]): Promise<StoredAccount[]> {
    if (!ids.length) return [];
    return ((await AccountModel.find({ _id: { $in: oids(ids) } }).lean()) as Doc[]).map(plain);
  },
  /** Where each beneficiary's money goes, masked: only what a payment record shows. */
  async destinations(ids: readonly string[]): Promise<Map<string, { last4: string; providerName: string }>> {
    if (!ids.length) return new Map();
    const rows = (await AccountModel.find({ _id: { $in: oids(ids) } }, { beneficiaryId: 1, 'current.number.last4': 1, 'current.providerName': 1 }).lean()) as unknown as { beneficiaryId: unknown; current: { number: { last4: string }; providerName: string } }[];
    return new Map(rows.map((r) => [String(r.beneficiaryId), { last4: r.current.number.last4, providerName: r.current.providerName }]));
  },
  /** Creates first details for beneficiaries that have none; returns how many were created. */
  async createManyIfAbsent(rows: { id: string; beneficiaryId: string; current: AccountDetails }[]): Promise<number> {
    return (await accounts.createMissing(rows)).length;
  },
  /**
   * Creates first details for beneficiaries that have none; returns the ids it created (details
   * another writer created meanwhile stand). Whoever later replaces `current` must also write the
   * beneficiary's payment route (models/payment-routing.ts), which copies the masked destination.
   * `current` may be given as a function, so numbers are sealed only for details really created;
   * `lookup: false` skips the first read when the caller knows none exist (a duplicate still loses).
   */
  async createMissing(rows: { id: string; beneficiaryId: string; current: AccountDetails | (() => AccountDetails) }[], opts: { lookup?: boolean } = {}): Promise<string[]> {
    if (!rows.length) return [];
    const present = opts.lookup === false ? new Set<string>() : new Set(((await AccountModel.find({ _id: { $in: oids(rows.map((r) => r.id)) } }, { _id: 1 }).lean()) as { _id: unknown }[]).map((d) => String(d._id)));
    const fresh = rows.filter((r) => !present.has(r.id));
    if (!fresh.length) return [];
    const now = new Date();
    try {
      await AccountModel.collection.insertMany(
        fresh.map((r) => {
          const current = typeof r.current === 'function' ? r.current() : r.current;
          return {
            _id: oid(r.id), beneficiaryId: oid(r.beneficiaryId), current, history: [], version: 1,
            verification: { state: 'submitted', mismatchFields: [], reason: null, at: current.submittedAt },
            createdAt: now, updatedAt: now,
          };
        }),
        { ordered: false },
      );
      return fresh.map((r) => r.id);
    } catch (err) {
      // Another import created some of them meanwhile: theirs stand.
      if (!isDuplicateKey(err)) throw err;
      const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => w.index));
      return fresh.filter((_r, i) => !failed.has(i)).map((r) => r.id);
    }
  },
  /** Sets the verification result if the details are still the version the result was about. */
  async setVerification(id: string, expectedVersion: number, verification: Verification): Promise<boolean> {
    const res = await AccountModel.collection.updateOne(
      { _id: oid(id), version: expectedVersion },
      { $set: { verification, updatedAt: new Date() } },
    );
    return res.matchedCount === 1;
  },
};
