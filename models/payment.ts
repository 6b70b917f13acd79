import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid, oids, wholeReply } from './ids.js';
import { syncBatch, type SyncResult, type Versioned } from './batch-write.js';

/** Where a monthly payment stands; named sets below say which ones a beneficiary is told about. */
export const PAYMENT_STATUSES = ['scheduled', 'paid', 'failed', 'returned', 'cash_ready', 'cash_collected'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** Statuses that produce a notice to the beneficiary when a payment enters them. */
export const NOTIFIABLE_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'paid',
  'failed',
  'returned',
  'cash_ready',
]);

/** One payment of one allowance kind for one beneficiary and period. */
export type StoredPayment = {
  id: string;
  beneficiaryId: string;
  period: string;
  kind: string;
  amount: number;
  status: PaymentStatus;
  method: string;
  destinationMasked: string | null;
  destinationProvider: string | null;
  paidAt: Date | null;
  failureReason: string | null;
  pickupPlace: string | null;
  pickupFrom: string | null;
  pickupTo: string | null;
  provinceCode: string;
  communeCode: string;
  contentHash: string;
  version: number;
  /** When the stored payment last changed (set by the sync). */
  updatedAt?: Date;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    beneficiaryId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    kind: { type: String, required: true, default: 'monthly' },
    amount: { type: Number, required: true },
    status: { type: String, required: true },
    method: String,
    destinationMasked: { type: String, default: null },
    destinationProvider: { type: String, default: null },
    paidAt: { type: Date, default: null },
    failureReason: { type: String, default: null },
    pickupPlace: { type: String, default: null },
    pickupFrom: { type: String, default: null },
    pickupTo: { type: String, default: null },
    provinceCode: String,
    communeCode: String,
    contentHash: String,
    version: { type: Number, default: 1 },
  },
  { collection: 'payments', timestamps: true, versionKey: false },
);
schema.index({ beneficiaryId: 1, period: 1, kind: 1 }, { unique: true });
schema.index({ period: 1, communeCode: 1, status: 1 });

/** A status change waiting to be announced; its id is derived from (payment, version), so it exists once. */
const changeSchema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    paymentId: { type: Schema.Types.ObjectId, required: true },
    beneficiaryId: { type: Schema.Types.ObjectId, required: true },
    period: String,
    kind: String,
    version: Number,
    from: { type: String, default: null },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    source: String,
    handledAt: { type: Date, default: null },
  },
  { collection: 'payment_changes', versionKey: false },
);
changeSchema.index({ paymentId: 1, version: 1 }, { unique: true });

const PaymentModel = mongoose.model('Payment', schema);
const PaymentChangeModel = mongoose.model('PaymentChange', changeSchema);

type Doc = Omit<StoredPayment, 'id' | 'beneficiaryId'> & {
  _id: mongoose.Types.ObjectId;
  beneficiaryId: mongoose.Types.ObjectId;
};
const plain = ({ _id, beneficiaryId, ...rest }: Doc): StoredPayment => ({
  ...rest,
  id: String(_id),
  beneficiaryId: String(beneficiaryId),
});

/** A recorded change of a payment's status. */
export type PaymentChange = {
  id: string;
  paymentId: string;
  beneficiaryId: string;
  period: string;
  kind: string;
  version: number;
  from: string | null;
  to: string;
  at: Date;
  source: string;
};

/** Repository over payments; ids are derived from (beneficiary, period, kind). */
export const payments = {
  async byIds(ids: readonly string[]): Promise<StoredPayment[]> {
    if (!ids.length) return [];
    return (
      (await PaymentModel.find({ _id: { $in: oids(ids) } })
        .batchSize(wholeReply(ids.length))
        .lean()) as Doc[]
    ).map(plain);
  },
  async sync(
    docs: (Omit<StoredPayment, 'id' | 'version'> & { _id: string })[],
  ): Promise<SyncResult<{ status: string; version: number }>> {
    const stored = docs.map((d) => ({ ...d, beneficiaryId: oid(d.beneficiaryId) }));
    return syncBatch<{ status: string; version: number }>(PaymentModel, stored as unknown as Versioned[], [
      'status',
      'version',
    ]);
  },
  /** Records status changes; inserting the same change twice is a no-op. */
  async recordChanges(changes: (Omit<PaymentChange, 'id'> & { id: string })[]): Promise<number> {
    if (!changes.length) return 0;
    try {
      const res = await PaymentChangeModel.collection.insertMany(
        changes.map(({ id, paymentId, beneficiaryId, ...c }) => ({
          _id: oid(id),
          paymentId: oid(paymentId),
          beneficiaryId: oid(beneficiaryId),
          ...c,
          handledAt: null,
        })),
        { ordered: false },
      );
      return res.insertedCount;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
    }
  },
  async changesFor(paymentId: string): Promise<PaymentChange[]> {
    const rows = (await PaymentChangeModel.find({ paymentId: oid(paymentId) })
      .sort({ version: 1 })
      .lean()) as unknown as (Omit<PaymentChange, 'id' | 'paymentId' | 'beneficiaryId'> & {
      _id: unknown;
      paymentId: unknown;
      beneficiaryId: unknown;
    })[];
    return rows.map(({ _id, paymentId: p, beneficiaryId: b, ...r }) => ({
      ...r,
      id: String(_id),
      paymentId: String(p),
      beneficiaryId: String(b),
    }));
  },
  async countChanges(): Promise<number> {
    return PaymentChangeModel.countDocuments();
  },
  /** Streams one period's payments with only the fields the statistics need. */
  scanPeriod(period: string): AsyncIterable<{ status: string; amount: number }> {
    return PaymentModel.find({ period }, { status: 1, amount: 1 }).lean().cursor() as unknown as AsyncIterable<{
      status: string;
      amount: number;
    }>;
  },
  async latestPeriod(): Promise<string | null> {
    const d = (await PaymentModel.findOne({}, { period: 1 }).sort({ period: -1 }).lean()) as { period: string } | null;
    return d?.period ?? null;
  },
};
