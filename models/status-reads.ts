import mongoose from 'mongoose';
import type { VerificationState } from './account.js';
import type { StoredBeneficiary } from './beneficiary.js';
import { byIdsReader } from './batch-read.js';
import { oids } from './ids.js';
import type { PaymentStatus, StoredPayment } from './payment.js';
// The models register themselves with mongoose on import; the reads below use their collections.
import './account.js';
import './beneficiary.js';
import './payment.js';
import { verificationOf } from './payment-routing.js';

/**
 * Reads for the payment status view: only the fields it shows, through the driver without
 * mongoose's query layer. The two `/status` reads are batched across the chats asking in the same
 * event-loop turn (`byIdsReader`): one `find` each for all of them.
 * `/status` is the bot's hottest path and FerretDB encodes every field it returns, so the sealed
 * identifiers, hashes and account history are left in the database.
 */

/** A linked record as the status view needs it. */
export type StatusRecord = { id: string; fullName: string; status: StoredBeneficiary['status'] };

/** A payment as the status view needs it. */
export type StatusPayment = Pick<
  StoredPayment,
  | 'id'
  | 'status'
  | 'amount'
  | 'method'
  | 'paidAt'
  | 'destinationMasked'
  | 'destinationProvider'
  | 'failureReason'
  | 'pickupPlace'
  | 'pickupFrom'
  | 'pickupTo'
>;

/** A receiving account as the status view needs it: provider, last four digits and verification. */
export type StatusAccount = {
  beneficiaryId: string;
  providerName: string;
  last4: string;
  verification: { state: VerificationState; mismatchFields: string[]; reason: string | null };
};

const RECORD_FIELDS = { fullName: 1, status: 1 } as const;
const PAYMENT_FIELDS = {
  status: 1,
  amount: 1,
  method: 1,
  paidAt: 1,
  destinationMasked: 1,
  destinationProvider: 1,
  failureReason: 1,
  pickupPlace: 1,
  pickupFrom: 1,
  pickupTo: 1,
} as const;
const ACCOUNT_FIELDS = {
  beneficiaryId: 1,
  'current.providerName': 1,
  'current.number.last4': 1,
  'verification.state': 1,
  'verification.mismatchFields': 1,
  'verification.reason': 1,
} as const;

const collection = (model: string) => mongoose.model(model).collection;

type RouteRow = {
  _id: unknown;
  name?: string | null;
  status?: StoredBeneficiary['status'] | null;
  last4?: string | null;
  provider?: string | null;
  vState?: string | null;
  vFields?: string[] | null;
  vReason?: string | null;
};
type RecordRow = { _id: unknown; fullName: string; status: StoredBeneficiary['status'] };
type PaymentRow = {
  _id: unknown;
  status: PaymentStatus;
  amount: number;
  method?: string;
  paidAt?: Date | null;
  destinationMasked?: string | null;
  destinationProvider?: string | null;
  failureReason?: string | null;
  pickupPlace?: string | null;
  pickupFrom?: string | null;
  pickupTo?: string | null;
};
const readRoutes = byIdsReader<RouteRow>(() => collection('PaymentRoute').collectionName, {
  province: 0,
  commune: 0,
  method: 0,
});
const readPayments = byIdsReader<PaymentRow>(() => collection('Payment').collectionName, PAYMENT_FIELDS);

type AccountRow = {
  beneficiaryId: unknown;
  current: { providerName: string; number: { last4: string } };
  verification: { state: VerificationState; mismatchFields?: string[]; reason?: string | null };
};

export const statusReads = {
  /**
   * Name, status and account from the records' payment routes: small documents, so FerretDB decodes
   * far less than the beneficiary and account documents. A route written before it carried the name
   * is left out (read the record with `records`); `account` is undefined when the route predates the
   * verification (read it with `accounts`), null when the record has no account.
   */
  async fromRoutes(ids: readonly string[]): Promise<(StatusRecord & { account: StatusAccount | null | undefined })[]> {
    if (!ids.length) return [];
    const rows = await readRoutes(oids(ids));
    return rows.flatMap((r) => {
      if (!r.name) return [];
      const v = verificationOf(r);
      const account =
        v === null
          ? undefined
          : v.state === 'none' || !r.last4 || !r.provider
            ? null
            : {
                beneficiaryId: String(r._id),
                providerName: r.provider,
                last4: r.last4,
                verification: { state: v.state, mismatchFields: v.mismatchFields, reason: v.reason },
              };
      return [{ id: String(r._id), fullName: r.name, status: r.status ?? 'active', account }];
    });
  },
  async records(ids: readonly string[]): Promise<StatusRecord[]> {
    if (!ids.length) return [];
    const rows = (await collection('Beneficiary')
      .find({ _id: { $in: oids(ids) } }, { projection: RECORD_FIELDS })
      .toArray()) as unknown as RecordRow[];
    return rows.map((r) => ({ id: String(r._id), fullName: r.fullName, status: r.status ?? 'active' }));
  },
  async payments(ids: readonly string[]): Promise<StatusPayment[]> {
    if (!ids.length) return [];
    const rows = await readPayments(oids(ids));
    return rows.map((r) => ({
      id: String(r._id),
      status: r.status,
      amount: r.amount,
      method: r.method ?? '',
      paidAt: r.paidAt ?? null,
      destinationMasked: r.destinationMasked ?? null,
      destinationProvider: r.destinationProvider ?? null,
      failureReason: r.failureReason ?? null,
      pickupPlace: r.pickupPlace ?? null,
      pickupFrom: r.pickupFrom ?? null,
      pickupTo: r.pickupTo ?? null,
    }));
  },
  async accounts(ids: readonly string[]): Promise<StatusAccount[]> {
    if (!ids.length) return [];
    const rows = (await collection('Account')
      .find({ _id: { $in: oids(ids) } }, { projection: ACCOUNT_FIELDS })
      .toArray()) as unknown as AccountRow[];
    return rows.map((r) => ({
      beneficiaryId: String(r.beneficiaryId),
      providerName: r.current.providerName,
      last4: r.current.number.last4,
      verification: {
        state: r.verification.state,
        mismatchFields: r.verification.mismatchFields ?? [],
        reason: r.verification.reason ?? null,
      },
    }));
  },
};
