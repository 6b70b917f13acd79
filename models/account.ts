import mongoose, { Schema } from 'mongoose';
import { byIdsReader } from './batch-read.js';
import { PUSHDOWN } from './db/connection.js';
import {
  changedDetailFields,
  FINAL_VERIFICATION_STATES,
  verificationOf,
  type AccountDetails,
  type Confirmation,
  type DetailField,
  type ProposedGuardian,
  type StoredVerification,
  type Verification,
  type VerificationState,
} from './account-details.js';
import { isDuplicateKey, oid, oids, wholeReply } from './ids.js';

export * from './account-details.js';
/**
 * Where the record lives and whose it is, copied from the beneficiary (extended reference): the
 * officers' queue filters and shows accounts by them without reading every beneficiary. Whoever
 * changes a record's name or place writes them too (`saveBeneficiaries` through `accountPlaces.set`).
 */
export type AccountPlace = { fullName: string; communeCode: string; provinceCode: string };

/** One beneficiary's current account, its verification and the history of replaced details. */
export type StoredAccount = {
  id: string;
  beneficiaryId: string;
  /** Null only on details stored before places were copied, until the backfill reaches them. */
  fullName: string | null;
  communeCode: string | null;
  provinceCode: string | null;
  /** What the latest change touched, compared with the details it replaced. */
  changedFields: DetailField[];
  current: AccountDetails;
  verification: Verification;
  /** The police's last final answer before the details were replaced (what a correction answers). */
  lastResult: Verification | null;
  history: (AccountDetails & { replacedAt: Date })[];
  version: number;
  confirmation: Confirmation | null;
  proposedGuardian: ProposedGuardian | null;
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
  changedBy: String,
};
const verificationFields = {
  state: String,
  mismatchFields: [String],
  reason: String,
  at: Date,
  populationValues: Schema.Types.Mixed,
};
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    beneficiaryId: { type: Schema.Types.ObjectId, required: true, unique: true },
    fullName: { type: String, default: null },
    communeCode: { type: String, default: null },
    provinceCode: { type: String, default: null },
    changedFields: { type: [String], default: [] },
    current: new Schema(details, { _id: false }),
    verification: new Schema(verificationFields, { _id: false }),
    lastResult: { type: new Schema(verificationFields, { _id: false }), default: null },
    history: [new Schema({ ...details, replacedAt: Date }, { _id: false })],
    version: { type: Number, default: 1 },
    confirmation: { type: Schema.Types.Mixed, default: null },
    proposedGuardian: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'accounts', timestamps: true, versionKey: false },
);

// The officers' queue: a commune's (or a province's) details in a state, oldest first, read from
// the index in order on MongoDB. The local FerretDB seeks the commune through the first (PUSHDOWN).
schema.index({ communeCode: 1, 'verification.state': 1, 'current.submittedAt': 1, _id: 1 }, PUSHDOWN);
schema.index({ provinceCode: 1, 'verification.state': 1, 'current.submittedAt': 1, _id: 1 });

/** The mongoose model, for the other account repositories in models/ (the verification queue). */
export const AccountModel = mongoose.model('Account', schema);

// By-id reads of the same event-loop turn share one find (mini-app views, verification results).
const readAccounts = byIdsReader<Doc>(() => AccountModel.collection.collectionName, {});
type Doc = Omit<StoredAccount, 'id' | 'beneficiaryId' | 'verification' | 'lastResult'> & {
  _id: mongoose.Types.ObjectId;
  beneficiaryId: mongoose.Types.ObjectId;
  verification: StoredVerification;
  lastResult?: StoredVerification | null;
};
const plain = ({ _id, beneficiaryId, verification, lastResult, ...rest }: Doc): StoredAccount => ({
  ...rest,
  verification: verificationOf(verification),
  lastResult: lastResult ? verificationOf(lastResult) : null,
  id: String(_id),
  beneficiaryId: String(beneficiaryId),
  fullName: rest.fullName ?? null,
  communeCode: rest.communeCode ?? null,
  provinceCode: rest.provinceCode ?? null,
  changedFields: rest.changedFields ?? [],
  history: rest.history ?? [],
  confirmation: rest.confirmation ?? null,
  proposedGuardian: rest.proposedGuardian ?? null,
});

/** Repository over account details; one document per beneficiary, changed atomically. */
export const accounts = {
  async byIds(ids: readonly string[]): Promise<StoredAccount[]> {
    if (!ids.length) return [];
    return (await readAccounts(oids(ids))).map(plain);
  },
  /** Where each beneficiary's verification stands, by beneficiary id (a broadcast's filter); one command. */
  async verificationStates(ids: readonly string[]): Promise<Map<string, VerificationState>> {
    if (!ids.length) return new Map();
    const rows = (await AccountModel.collection
      .find(
        { _id: { $in: oids(ids) } },
        { projection: { beneficiaryId: 1, 'verification.state': 1 }, batchSize: wholeReply(ids.length) },
      )
      .toArray()) as unknown as { beneficiaryId: unknown; verification?: { state?: VerificationState } }[];
    return new Map(
      rows.filter((r) => r.verification?.state).map((r) => [String(r.beneficiaryId), r.verification!.state!]),
    );
  },
  /** Where each beneficiary's money goes, masked, and where its verification stands: what a payment route copies. */
  async destinations(ids: readonly string[]): Promise<
    Map<
      string,
      {
        last4: string;
        providerName: string;
        verification: { state: VerificationState; mismatchFields: string[]; reason: string | null };
      }
    >
  > {
    if (!ids.length) return new Map();
    const rows = (await AccountModel.find(
      { _id: { $in: oids(ids) } },
      { beneficiaryId: 1, 'current.number.last4': 1, 'current.providerName': 1, verification: 1 },
    )
      .batchSize(wholeReply(ids.length))
      .lean()) as unknown as {
      beneficiaryId: unknown;
      current: { number: { last4: string }; providerName: string };
      verification: Verification;
    }[];
    return new Map(
      rows.map((r) => [
        String(r.beneficiaryId),
        {
          last4: r.current.number.last4,
          providerName: r.current.providerName,
          verification: {
            state: r.verification.state,
            mismatchFields: r.verification.mismatchFields ?? [],
            reason: r.verification.reason ?? null,
          },
        },
      ]),
    );
  },
  /**
   * Creates first details for beneficiaries that have none; returns the ids it created (details
   * another writer created meanwhile stand). Whoever later replaces `current` must also write the
   * beneficiary's payment route (models/payment-routing.ts), which copies the masked destination.
   * `current` may be given as a function, so numbers are sealed only for details really created;
   * `lookup: false` skips the first read when the caller knows none exist (a duplicate still loses).
   */
  async createMissing(
    rows: {
      id: string;
      beneficiaryId: string;
      place: AccountPlace;
      current: AccountDetails | (() => AccountDetails);
      proposedGuardian?: ProposedGuardian;
    }[],
    opts: { lookup?: boolean } = {},
  ): Promise<string[]> {
    if (!rows.length) return [];
    const present =
      opts.lookup === false
        ? new Set<string>()
        : new Set(
            (
              (await AccountModel.find({ _id: { $in: oids(rows.map((r) => r.id)) } }, { _id: 1 })
                .batchSize(wholeReply(rows.length))
                .lean()) as {
                _id: unknown;
              }[]
            ).map((d) => String(d._id)),
          );
    const fresh = rows.filter((r) => !present.has(r.id));
    if (!fresh.length) return [];
    const now = new Date();
    try {
      await AccountModel.collection.insertMany(
        fresh.map((r) => {
          const current = typeof r.current === 'function' ? r.current() : r.current;
          return {
            _id: oid(r.id),
            beneficiaryId: oid(r.beneficiaryId),
            ...r.place,
            changedFields: changedDetailFields(null, current),
            current,
            history: [],
            version: 1,
            verification: { state: 'submitted', mismatchFields: [], reason: null, at: current.submittedAt },
            ...(r.proposedGuardian ? { proposedGuardian: r.proposedGuardian } : {}),
            createdAt: now,
            updatedAt: now,
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
  async byId(id: string): Promise<StoredAccount | null> {
    const d = (await AccountModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
  /**
   * Replaces the current details if they are still the version the person saw: the old ones go to
   * history, verification starts again at `submitted`, and a confirmation of the old ones lapses; a
   * final police answer on the old ones is kept as `lastResult` (the officer checks the correction
   * against it). One conditional update, so two saves of the same version cannot both win.
   */
  async replaceCurrent(
    id: string,
    expectedVersion: number,
    old: { current: AccountDetails; verification: Verification },
    next: AccountDetails,
    proposedGuardian: ProposedGuardian | null,
    now: Date,
    place: AccountPlace,
  ): Promise<boolean> {
    const res = await AccountModel.collection.updateOne(
      { _id: oid(id), version: expectedVersion },
      {
        $set: {
          ...place,
          changedFields: changedDetailFields(old.current, next),
          current: next,
          verification: { state: 'submitted', mismatchFields: [], reason: null, at: now },
          ...(FINAL_VERIFICATION_STATES.has(old.verification.state) ? { lastResult: old.verification } : {}),
          confirmation: null,
          proposedGuardian,
          updatedAt: now,
        },
        // The driver's types refuse any $push value on a collection without a declared document type.
        $push: { history: { ...old.current, replacedAt: now } as never },
        $inc: { version: 1 },
      },
    );
    return res.matchedCount === 1;
  },
  /** Records that the person confirmed this version of the details for a payment period. */
  async confirm(id: string, confirmation: Confirmation): Promise<boolean> {
    const res = await AccountModel.collection.updateOne(
      { _id: oid(id), version: confirmation.version },
      { $set: { confirmation, updatedAt: confirmation.at } },
    );
    return res.matchedCount === 1;
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
