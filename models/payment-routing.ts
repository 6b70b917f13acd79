import mongoose, { Schema } from 'mongoose';
import type { VerificationState } from './account.js';
import type { StoredBeneficiary } from './beneficiary.js';
import { isDuplicateKey, oid, oids, wholeReply } from './ids.js';

/**
 * A payment route: what a payment row and the `/status` view need to know about one beneficiary,
 * copied into one small document under the beneficiary's own id (MongoDB's "extended reference").
 * The payment import and `/status` read it by `_id` instead of the beneficiary and its account:
 * one command instead of two for each batch of payments and each batch of `/status` reads, on any
 * engine.
 * The price: whoever changes a record's name, status, place or payment method, its account
 * details or their verification writes the route too (`saveBeneficiaries`, `applyVerifications`,
 * the mini-app's account change), each with a single-document write. A crash between the two
 * writes leaves a route behind until the next beneficiary import, which rewrites every route
 * that differs from the record and account; the payment import writes a route that is missing.
 */

/** Where the account's verification stands, for `/status`; state `none`: the record has no account. */
export type RouteVerification = { state: VerificationState | 'none'; mismatchFields: string[]; reason: string | null };

/** A record known to have no account details. */
export const NO_ACCOUNT: RouteVerification = Object.freeze({ state: 'none', mismatchFields: [], reason: null });
/** Details just given, waiting for the commune police. */
export const SUBMITTED: RouteVerification = Object.freeze({ state: 'submitted', mismatchFields: [], reason: null });

/** One beneficiary's payment route. */
export type PaymentRoute = {
  beneficiaryId: string;
  fullName: string;
  status: StoredBeneficiary['status'];
  provinceCode: string;
  communeCode: string;
  paymentMethod: string;
  /** The account the money goes to, masked: last 4 digits and the provider's short name. */
  destination: { last4: string; providerName: string } | null;
  verification: RouteVerification;
};

// Flat: a conditional update's filter (`write`) then compares plain values, never whole subdocuments.
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    fullName: { type: String, required: true },
    status: { type: String, required: true },
    provinceCode: { type: String, required: true },
    communeCode: { type: String, required: true },
    paymentMethod: { type: String, required: true },
    accountLast4: { type: String, default: null },
    accountProviderName: { type: String, default: null },
    verificationState: { type: String, required: true },
    mismatchFields: { type: [String], required: true },
    verificationReason: { type: String, default: null },
  },
  { collection: 'payment_routes', versionKey: false },
);

const PaymentRouteModel = mongoose.model('PaymentRoute', schema);

/** A payment route as stored. */
export type PaymentRouteDoc = {
  _id: mongoose.Types.ObjectId;
  fullName: string;
  status: StoredBeneficiary['status'];
  provinceCode: string;
  communeCode: string;
  paymentMethod: string;
  accountLast4: string | null;
  accountProviderName: string | null;
  verificationState: RouteVerification['state'];
  mismatchFields: string[];
  verificationReason: string | null;
};

const verificationFields = (v: RouteVerification) => ({
  verificationState: v.state,
  mismatchFields: v.mismatchFields,
  verificationReason: v.reason,
});

/** The verification a stored route carries. */
export function verificationOf(
  d: Pick<PaymentRouteDoc, 'verificationState' | 'mismatchFields' | 'verificationReason'>,
): RouteVerification {
  return { state: d.verificationState, mismatchFields: d.mismatchFields, reason: d.verificationReason };
}

const toDoc = (r: PaymentRoute): Omit<PaymentRouteDoc, '_id'> => ({
  fullName: r.fullName,
  status: r.status,
  provinceCode: r.provinceCode,
  communeCode: r.communeCode,
  paymentMethod: r.paymentMethod,
  accountLast4: r.destination?.last4 ?? null,
  accountProviderName: r.destination?.providerName ?? null,
  ...verificationFields(r.verification),
});
const fromDoc = (d: PaymentRouteDoc): PaymentRoute => ({
  beneficiaryId: String(d._id),
  fullName: d.fullName,
  status: d.status,
  provinceCode: d.provinceCode,
  communeCode: d.communeCode,
  paymentMethod: d.paymentMethod,
  destination:
    d.accountLast4 !== null && d.accountProviderName !== null
      ? { last4: d.accountLast4, providerName: d.accountProviderName }
      : null,
  verification: verificationOf(d),
});
const same = (a: PaymentRoute, b: PaymentRoute) => JSON.stringify(toDoc(a)) === JSON.stringify(toDoc(b));

/** Repository over payment routes; one per beneficiary, `_id` = the beneficiary's id. */
export const paymentRoutes = {
  /** The routes of these beneficiaries that exist, by beneficiary id. */
  async byBeneficiaryIds(ids: readonly string[]): Promise<Map<string, PaymentRoute>> {
    if (!ids.length) return new Map();
    const found = (await PaymentRouteModel.find({ _id: { $in: oids(ids) } })
      .batchSize(wholeReply(ids.length))
      .lean()) as unknown as PaymentRouteDoc[];
    return new Map(found.map((d) => [String(d._id), fromDoc(d)]));
  },
  /** These records' details went to the police: routes still showing `submitted` show `verifying` (one command). */
  async markVerifying(beneficiaryIds: readonly string[]): Promise<void> {
    if (!beneficiaryIds.length) return;
    await PaymentRouteModel.collection.updateMany(
      { _id: { $in: oids(beneficiaryIds) }, verificationState: 'submitted' },
      { $set: { verificationState: 'verifying', mismatchFields: [], verificationReason: null } },
    );
  },
  /** Stores new verification results on the routes of these records. */
  async setVerifications(rows: readonly { beneficiaryId: string; verification: RouteVerification }[]): Promise<void> {
    if (!rows.length) return;
    await PaymentRouteModel.collection.bulkWrite(
      rows.map((r) => ({
        updateOne: { filter: { _id: oid(r.beneficiaryId) }, update: { $set: verificationFields(r.verification) } },
      })),
      { ordered: false },
    );
  },
  /**
   * Writes the routes that differ from `current` (what `byBeneficiaryIds` returned): absent ones
   * are inserted, changed ones updated only if still as read; a route another writer stored
   * meanwhile stands. Returns how many were written.
   */
  async write(routes: readonly PaymentRoute[], current: ReadonlyMap<string, PaymentRoute>): Promise<number> {
    const fresh = routes.filter((r) => !current.has(r.beneficiaryId));
    const changed = routes.filter((r) => current.has(r.beneficiaryId) && !same(current.get(r.beneficiaryId)!, r));
    let written = 0;
    if (fresh.length) {
      try {
        written += (
          await PaymentRouteModel.collection.insertMany(
            fresh.map((r) => ({ _id: oid(r.beneficiaryId), ...toDoc(r) })),
            { ordered: false },
          )
        ).insertedCount;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        written += (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
      }
    }
    if (changed.length) {
      const res = await PaymentRouteModel.collection.bulkWrite(
        changed.map((r) => ({
          updateOne: {
            filter: { _id: oid(r.beneficiaryId), ...toDoc(current.get(r.beneficiaryId)!) },
            update: { $set: toDoc(r) },
          },
        })),
        { ordered: false },
      );
      written += res.modifiedCount;
    }
    return written;
  },
};
