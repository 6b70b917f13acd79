import { accounts } from '../../models/account.js';
import { auditLog } from '../../models/audit.js';
import { beneficiaries } from '../../models/beneficiary.js';
import { NOTIFIABLE_PAYMENT_STATUSES, payments, type PaymentStatus, type StoredPayment } from '../../models/payment.js';
import { NO_ACCOUNT, paymentRoutes, type PaymentRoute } from '../../models/payment-routing.js';
import { accountIdFor, paymentIdFor, stableId } from '../../models/ids.js';
import { maskTail } from '../mask.js';
import { noticeIntents } from '../../models/notice-intent.js';
import { notifyPaymentChanges } from '../notifications/triggers.js';
import { beneficiaryIdFor, contentHash } from './sealing.js';
import type { WriteContext } from './writer.js';
import { countPaymentChanges } from './stats.js';

/** A validated payment row. */
export type PaymentInput = {
  nationalId: string;
  period: string;
  kind: string;
  amount: number;
  status: PaymentStatus;
  method: string | null;
  paidAt: string | null;
  failureReason: string | null;
  pickupPlace: string | null;
  pickupFrom: string | null;
  pickupTo: string | null;
};

/** What saving a batch of payments did; `unknown` lists input positions whose beneficiary is not registered. */
export type PaymentSaveOutcome = {
  created: number;
  updated: number;
  unchanged: number;
  changes: number;
  unknown: number[];
  /** Input positions whose beneficiary is registered outside the province the batch is held to. */
  outside: number[];
  conflicts: number[];
  /** Every commune and period this batch holds payments for (stored now or already): proof the payment list was built. */
  proofs: { communeCode: string; period: string }[];
};

/**
 * Stores a batch of payments idempotently and records every status change (including a new
 * payment that arrives already paid) so notices can be sent once. `only.provinceCode` leaves out
 * (as `outside`) the payments of records registered in another province.
 */
export async function savePayments(
  inputs: PaymentInput[],
  ctx: WriteContext,
  only: { provinceCode?: string } = {},
): Promise<PaymentSaveOutcome> {
  const benIds = inputs.map((p) => beneficiaryIdFor(ctx.sealer, p.nationalId));
  const routes = await routesOf([...new Set(benIds)]);

  const unknown: number[] = [];
  const outside: number[] = [];
  const docs: Parameters<typeof payments.sync>[0] = [];
  const docIndex: number[] = [];
  inputs.forEach((p, i) => {
    const benId = benIds[i]!;
    const route = routes.get(benId);
    if (!route) return void unknown.push(i);
    if (only.provinceCode && route.provinceCode !== only.provinceCode) return void outside.push(i);
    const method = p.method ?? route.paymentMethod;
    const account = method === 'cash_post' ? null : route.destination;
    const content = { ...p, nationalId: undefined, method };
    docs.push({
      _id: paymentIdFor(benId, p.period, p.kind),
      beneficiaryId: benId,
      period: p.period,
      kind: p.kind,
      amount: p.amount,
      status: p.status,
      method,
      destinationMasked: account ? maskTail(account.last4) : null,
      destinationProvider: account ? account.providerName : null,
      paidAt: p.paidAt ? new Date(`${p.paidAt}T00:00:00+07:00`) : null,
      failureReason: p.failureReason,
      pickupPlace: p.pickupPlace,
      pickupFrom: p.pickupFrom,
      pickupTo: p.pickupTo,
      provinceCode: route.provinceCode,
      communeCode: route.communeCode,
      contentHash: contentHash(ctx.sealer, content),
    });
    docIndex.push(i);
  });

  // Written before the payments: if this process dies before the notices exist, the sweeper makes them.
  const intent = await noticeIntents.open(
    docs.filter((d) => NOTIFIABLE_PAYMENT_STATUSES.has(d.status)).map((d) => d._id),
    new Date(),
  );
  const res = await payments.sync(docs);
  const byId = new Map(docs.map((d) => [d._id, d]));
  await countPaymentChanges(
    res.created.map((id) => byId.get(id)!),
    res.updated.map((id) => ({
      before: { period: byId.get(id)!.period, status: res.previous.get(id)!.status },
      after: byId.get(id)!,
    })),
  );
  const at = new Date();
  const changes = [
    ...res.created
      .map((id) => byId.get(id)!)
      .filter((d) => NOTIFIABLE_PAYMENT_STATUSES.has(d.status))
      .map((d) => change(d, null, 1)),
    ...res.updated.flatMap((id) => {
      const prev = res.previous.get(id)!;
      const d = byId.get(id)!;
      return prev.status === d.status ? [] : [change(d, prev.status, (prev.version ?? 1) + 1)];
    }),
  ];
  function change(d: (typeof docs)[number], from: string | null, version: number) {
    return {
      id: stableId('payment-change', d._id, String(version)),
      paymentId: d._id,
      beneficiaryId: d.beneficiaryId,
      period: d.period,
      kind: d.kind,
      version,
      from,
      to: d.status,
      at,
      source: ctx.entryPoint,
    };
  }
  await payments.recordChanges(changes);
  await notifyPaymentChanges(changes);
  await noticeIntents.close(intent);
  await auditLog.append([
    ...(res.created.length
      ? [{ entryPoint: ctx.entryPoint, actor: ctx.actor, action: 'create', entity: 'payment', entityIds: res.created }]
      : []),
    ...(res.updated.length
      ? [{ entryPoint: ctx.entryPoint, actor: ctx.actor, action: 'update', entity: 'payment', entityIds: res.updated }]
      : []),
  ]);
  const conflicted = new Set(res.conflicts);
  return {
    created: res.created.length,
    updated: res.updated.length,
    unchanged: res.unchanged.length,
    changes: changes.length,
    unknown,
    outside,
    conflicts: docs.flatMap((d, j) => (conflicted.has(d._id) ? [docIndex[j]!] : [])),
    proofs: [...new Set(docs.map((d) => `${d.communeCode}|${d.period}`))].map((k) => {
      const [communeCode, period] = k.split('|') as [string, string];
      return { communeCode, period };
    }),
  };
}

/**
 * The payment routes of these beneficiaries (absent: not registered). A record whose route a
 * crash left unwritten (the record and its route are two writes) is read with its account and
 * gets its route.
 */
async function routesOf(ids: string[]): Promise<Map<string, PaymentRoute>> {
  const routes = await paymentRoutes.byBeneficiaryIds(ids);
  const missing = ids.filter((id) => !routes.has(id));
  if (!missing.length) return routes;
  const [known, destinations] = await Promise.all([
    beneficiaries.existing(missing),
    accounts.destinations(missing.map(accountIdFor)),
  ]);
  const found: PaymentRoute[] = [...known].map(([id, b]) => {
    const d = destinations.get(id);
    return {
      beneficiaryId: id,
      fullName: b.fullName,
      status: b.status,
      provinceCode: b.provinceCode,
      communeCode: b.communeCode,
      paymentMethod: b.paymentMethod,
      destination: d ? { last4: d.last4, providerName: d.providerName } : null,
      verification: d ? d.verification : NO_ACCOUNT,
    };
  });
  await paymentRoutes.write(found, new Map());
  for (const r of found) routes.set(r.beneficiaryId, r);
  return routes;
}

/** Payments of one beneficiary for the given periods, newest first. */
export async function paymentsFor(
  beneficiaryId: string,
  periods: string[],
  kind = 'monthly',
): Promise<StoredPayment[]> {
  const found = await payments.byIds(periods.map((p) => paymentIdFor(beneficiaryId, p, kind)));
  return found.sort((a, b) => b.period.localeCompare(a.period));
}
