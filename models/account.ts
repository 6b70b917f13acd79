import mongoose, { Schema } from 'mongoose';
import type { SealedNumber } from './beneficiary.js';
import { oid, oids } from './ids.js';

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
  /** Creates the first details for a beneficiary; false when they already exist. */
  async createIfAbsent(id: string, beneficiaryId: string, current: AccountDetails): Promise<boolean> {
    try {
      await AccountModel.collection.insertOne({
        _id: oid(id), beneficiaryId: oid(beneficiaryId), current, history: [], version: 1,
        verification: { state: 'submitted', mismatchFields: [], reason: null, at: current.submittedAt },
        createdAt: new Date(), updatedAt: new Date(),
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
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
