import type { VerificationState } from '../../models/account.js';
import type { StoredBeneficiary } from '../../models/beneficiary.js';
import type { PaymentStatus } from '../../models/payment.js';
import { statusReads } from '../../models/status-reads.js';
import { periodOf, previousPeriods } from '../format.js';
import { openChat, type ChatRef, type ChatState } from '../linking/chats.js';
import { paymentIdFor } from '../../models/ids.js';

/** Periods per page of the status view. */
export const PERIODS_PER_PAGE = 3;
/** How far back a chat can page (8 pages of 3 = two years). */
export const MAX_PAGES = 8;
/** Record states in which no payment status is shown. */
export const ENDED_STATES: ReadonlySet<StoredBeneficiary['status']> = new Set(['deceased', 'moved_out']);

/** One payment as a beneficiary is told about it (account shown only as its last four digits). */
export type PaymentView = {
  status: PaymentStatus;
  amount: number;
  method: string;
  paidOn: Date | null;
  destinationMasked: string | null;
  provider: string | null;
  failureReason: string | null;
  pickupPlace: string | null;
  pickupFrom: string | null;
  pickupTo: string | null;
};

/** One linked record: its state, the page's periods and where account verification stands. */
export type RecordStatus = {
  beneficiaryId: string;
  fullName: string;
  state: StoredBeneficiary['status'];
  periods: { period: string; payment: PaymentView | null }[];
  account: {
    state: VerificationState;
    mismatchFields: string[];
    reason: string | null;
    provider: string;
    masked: string;
  } | null;
};

/** What `/status` shows: one page of periods for every record the chat may see. */
export type StatusView = { page: number; hasOlder: boolean; records: RecordStatus[] };

/** What the status view needs from its caller: a clock (tests move it) and the update's logger. */
export type StatusContext = { now: () => Date; log: { warn(fields: object, message: string): void } };

/**
 * The payment status of every record linked to the chat, newest periods first; page 0 is the
 * latest three months. The name, status and account come from each record's payment route
 * (models/payment-routing.ts). A linked record without a route is left out and logged: without
 * its status the view could show payments for someone who has died, and without its account it
 * would say there is none. Only a crash between writing a record and its route leaves one so,
 * and the next import of that record writes it.
 */
export async function paymentStatus(
  ctx: StatusContext,
  ref: ChatRef,
  page = 0,
  loaded?: ChatState,
): Promise<StatusView> {
  const p = Math.min(Math.max(0, Math.floor(page)), MAX_PAGES - 1);
  const chat = loaded ?? (await openChat(ref));
  const periods = previousPeriods(periodOf(ctx.now()), PERIODS_PER_PAGE * (p + 1)).slice(p * PERIODS_PER_PAGE);
  // Every id is derived from the chat's record ids, so both reads go out together.
  const ids = chat.beneficiaryIds;
  const paymentIds = ids.map((id) => periods.map((period) => paymentIdFor(id, period, 'monthly')));
  const [records, found] = await Promise.all([statusReads.fromRoutes(ids), statusReads.payments(paymentIds.flat())]);
  const byId = new Map(records.map((b) => [b.id, b]));
  const unrouted = ids.filter((id) => !byId.has(id)).length;
  if (unrouted)
    ctx.log.warn(
      { linkedRecords: ids.length, withoutRoute: unrouted },
      'status: linked records without a payment route are left out; import their beneficiary file again',
    );
  const paymentIdsOf = new Map(ids.map((id, i) => [id, paymentIds[i]!]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const live = ordered.filter((b) => !ENDED_STATES.has(b.status));
  const paymentById = new Map(found.map((x) => [x.id, x]));
  return {
    page: p,
    hasOlder: live.length > 0 && p < MAX_PAGES - 1,
    records: ordered.map((b): RecordStatus => {
      if (ENDED_STATES.has(b.status))
        return { beneficiaryId: b.id, fullName: b.fullName, state: b.status, periods: [], account: null };
      const account = b.account;
      return {
        beneficiaryId: b.id,
        fullName: b.fullName,
        state: b.status,
        periods: periods.map((period, i) => {
          const x = paymentById.get(paymentIdsOf.get(b.id)![i]!);
          return {
            period,
            payment: x
              ? {
                  status: x.status,
                  amount: x.amount,
                  method: x.method,
                  paidOn: x.paidAt,
                  destinationMasked: x.destinationMasked,
                  provider: x.destinationProvider,
                  failureReason: x.failureReason,
                  pickupPlace: x.pickupPlace,
                  pickupFrom: x.pickupFrom,
                  pickupTo: x.pickupTo,
                }
              : null,
          };
        }),
        account: account
          ? {
              state: account.verification.state,
              mismatchFields: account.verification.mismatchFields,
              reason: account.verification.reason,
              provider: account.providerName,
              masked: `•••• ${account.last4}`,
            }
          : null,
      };
    }),
  };
}
