import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid, oids } from './ids.js';
import type { VerificationState } from './account.js';

/** Where the account's verification stands, for `/status`; state `none`: the record has no account. */
export type RouteVerification = { state: VerificationState | 'none'; mismatchFields: string[]; reason: string | null };

/** A record known to have no account details. */
export const NO_ACCOUNT: RouteVerification = Object.freeze({ state: 'none', mismatchFields: [], reason: null });
/** Details just given, waiting for the commune police. */
export const SUBMITTED: RouteVerification = Object.freeze({ state: 'submitted', mismatchFields: [], reason: null });

/**
 * What a payment row needs to know about its beneficiary, kept in one small document under the
 * beneficiary's own id: FerretDB v1 reads a document for a fixed cost of about 0.1 ms plus its
 * size, so a payment import reads this instead of the beneficiary and account documents.
 * Whoever changes a beneficiary's place, payment method or account details writes it again
 * (`saveBeneficiaries` does); a beneficiary without one is read the slow way and gets one.
 * It also carries the record's name and status and the account's verification, so the bot's
 * `/status` reads it instead of the beneficiary and account documents; whoever changes those
 * writes the route too (imports, verification results, the mini-app).
 */
export type PaymentRoute = {
  beneficiaryId: string;
  /** The record's name and status, for the `/status` view (null on routes written before they were kept here). */
  fullName: string | null;
  status: string | null;
  provinceCode: string;
  communeCode: string;
  paymentMethod: string;
  /** The account the money goes to, masked: last 4 digits and the provider's short name. */
  destination: { last4: string; providerName: string } | null;
  /** Null on routes written before they carried it: read the account instead. */
  verification: RouteVerification | null;
};

// Flat and without timestamps or version: every field costs FerretDB time on each read.
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    province: { type: String, required: true },
    commune: { type: String, required: true },
    method: { type: String, required: true },
    last4: { type: String, default: null },
    provider: { type: String, default: null },
    name: { type: String, default: null },
    status: { type: String, default: null },
    vState: { type: String, default: null },
    vFields: { type: [String], default: undefined },
    vReason: { type: String, default: null },
  },
  { collection: 'payment_routes', versionKey: false },
);

const PaymentRouteModel = mongoose.model('PaymentRoute', schema);

type Doc = {
  _id: mongoose.Types.ObjectId;
  province: string;
  commune: string;
  method: string;
  last4: string | null;
  provider: string | null;
  name?: string | null;
  status?: string | null;
  vState?: string | null;
  vFields?: string[] | null;
  vReason?: string | null;
};

// Absent values are stored as null, never as an empty list: `write` updates a route only if it is
// still as read, and `{field: null}` also matches a route written before the field existed.
const verificationDoc = (v: RouteVerification | null) => ({
  vState: v?.state ?? null,
  vFields: v?.mismatchFields.length ? v.mismatchFields : null,
  vReason: v?.reason ?? null,
});

/** The verification a route document carries, or null when it predates it. */
export function verificationOf(d: Pick<Doc, 'vState' | 'vFields' | 'vReason'>): RouteVerification | null {
  return d.vState
    ? { state: d.vState as RouteVerification['state'], mismatchFields: d.vFields ?? [], reason: d.vReason ?? null }
    : null;
}

const toDoc = (r: PaymentRoute): Omit<Doc, '_id'> => ({
  province: r.provinceCode,
  commune: r.communeCode,
  method: r.paymentMethod,
  last4: r.destination?.last4 ?? null,
  provider: r.destination?.providerName ?? null,
  name: r.fullName,
  status: r.status,
  ...verificationDoc(r.verification),
});
const fromDoc = (d: Doc): PaymentRoute => ({
  beneficiaryId: String(d._id),
  fullName: d.name ?? null,
  status: d.status ?? null,
  provinceCode: d.province,
  communeCode: d.commune,
  paymentMethod: d.method,
  destination: d.last4 !== null && d.provider !== null ? { last4: d.last4, providerName: d.provider } : null,
  verification: verificationOf(d),
});
const same = (a: PaymentRoute, b: PaymentRoute) => JSON.stringify(toDoc(a)) === JSON.stringify(toDoc(b));

/** Repository over payment routes; one per beneficiary, `_id` = the beneficiary's id. */
export const paymentRoutes = {
  /** The routes of these beneficiaries that exist, by beneficiary id. */
  async byBeneficiaryIds(ids: readonly string[]): Promise<Map<string, PaymentRoute>> {
    if (!ids.length) return new Map();
    const found = (await PaymentRouteModel.find({ _id: { $in: oids(ids) } }).lean()) as unknown as Doc[];
    return new Map(found.map((d) => [String(d._id), fromDoc(d)]));
  },
  /** Stores new verification results on the routes of these records (those without a route read the account). */
  async setVerifications(rows: readonly { beneficiaryId: string; verification: RouteVerification }[]): Promise<void> {
    if (!rows.length) return;
    await PaymentRouteModel.collection.bulkWrite(
      rows.map((r) => ({
        updateOne: { filter: { _id: oid(r.beneficiaryId) }, update: { $set: verificationDoc(r.verification) } },
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
