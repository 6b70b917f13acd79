import mongoose from 'mongoose';
import type { VerificationState } from './account.js';
import type { StoredBeneficiary } from './beneficiary.js';
import { byIdsReader } from './batch-read.js';
import { oids } from './ids.js';
import type { PaymentStatus, StoredPayment } from './payment.js';
// The models register themselves with mongoose on import; the reads below use their collections.
import './payment.js';
import { verificationOf, type PaymentRouteDoc } from './payment-routing.js';

/**
 * Reads for the payment status view: only the fields it shows, through the driver without
 * mongoose's query layer. Both reads are batched across the chats asking in the same event-loop
 * turn (`byIdsReader`): one `find` each for all of them.
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
  providerName: string;
  last4: string;
  verification: { state: VerificationState; mismatchFields: string[]; reason: string | null };
};

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

const collection = (model: string) => mongoose.model(model).collection;

type RouteRow = Omit<PaymentRouteDoc, 'provinceCode' | 'communeCode' | 'paymentMethod'>;
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
  provinceCode: 0,
  communeCode: 0,
  paymentMethod: 0,
});
const readPayments = byIdsReader<PaymentRow>(() => collection('Payment').collectionName, PAYMENT_FIELDS);

/** The reads `/status` makes. */
export const statusReads = {
  /** Name, status and account of these records, from their payment routes; a record without a route is left out. */
  async fromRoutes(ids: readonly string[]): Promise<(StatusRecord & { account: StatusAccount | null })[]> {
    if (!ids.length) return [];
    const rows = await readRoutes(oids(ids));
    return rows.map((r) => {
      const v = verificationOf(r);
      const account =
        v.state === 'none' || r.accountLast4 === null || r.accountProviderName === null
          ? null
          : {
              providerName: r.accountProviderName,
              last4: r.accountLast4,
              verification: { state: v.state, mismatchFields: v.mismatchFields, reason: v.reason },
            };
      return { id: String(r._id), fullName: r.fullName, status: r.status, account };
    });
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
};
