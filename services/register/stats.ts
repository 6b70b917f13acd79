import { beneficiaries } from '../../models/beneficiary.js';
import { payments } from '../../models/payment.js';
import { registerStats, type RegisterStats, type StatsChange } from '../../models/stats.js';

/**
 * The register's figures on `/` stay current as records and payments are written, whatever
 * writes them (an import from the CLI or any later entry point, the demo): each batch adds
 * what it changed, in one update. A full pass reads every record, too slow on the local rung to
 * follow every import (bench/README.md); the background job makes one to repair any drift.
 */

/** A beneficiary's fields the figures count. */
export type CountedRecord = { status: string; missing: readonly string[] };

/** Adds a batch of new and changed beneficiaries to the figures. */
export async function countBeneficiaryChanges(
  created: readonly CountedRecord[],
  updated: readonly { before: CountedRecord; after: CountedRecord }[],
): Promise<void> {
  const change = { beneficiaries: created.length, byStatus: {}, missing: {}, recordsMissingAny: 0 };
  const count = (r: CountedRecord, n: 1 | -1) => {
    add(change.byStatus, r.status, n);
    for (const f of r.missing) add(change.missing, f, n);
    if (r.missing.length) change.recordsMissingAny += n;
  };
  for (const r of created) count(r, 1);
  for (const { before, after } of updated) {
    count(before, -1);
    count(after, 1);
  }
  await registerStats.add(change, new Date());
}

/** A payment's fields the figures count. */
export type CountedPayment = { period: string; status: string };

/** Adds a batch of new payments and status changes to the figures. */
export async function countPaymentChanges(
  created: readonly CountedPayment[],
  updated: readonly { before: CountedPayment; after: CountedPayment }[],
): Promise<void> {
  const byPeriod: Record<string, Record<string, number>> = {};
  const count = (p: CountedPayment, n: 1 | -1) => add((byPeriod[p.period] ??= {}), p.status, n);
  for (const p of created) count(p, 1);
  for (const { before, after } of updated) {
    count(before, -1);
    count(after, 1);
  }
  await registerStats.add({ payments: byPeriod } satisfies StatsChange, new Date());
}

function add(counts: Record<string, number>, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** Recounts the register (a full pass) and stores it unless writers changed the figures meanwhile. */
export async function refreshRegisterStats(): Promise<RegisterStats> {
  const computedAt = new Date();
  const byStatus: Record<string, number> = {};
  const missing: Record<string, number> = {};
  let total = 0;
  let missingAny = 0;
  for await (const b of beneficiaries.scanForStats()) {
    total++;
    add(byStatus, b.status, 1);
    if (b.missing?.length) missingAny++;
    for (const f of b.missing ?? []) add(missing, f, 1);
  }
  const latestPeriod = await payments.latestPeriod();
  const paymentsByStatus: Record<string, number> = {};
  if (latestPeriod) {
    for await (const p of payments.scanPeriod(latestPeriod)) add(paymentsByStatus, p.status, 1);
  }
  const stats = {
    computedAt,
    beneficiaries: total,
    byStatus,
    missing,
    recordsMissingAny: missingAny,
    latestPeriod,
    paymentsByStatus,
  };
  if (await registerStats.replace(stats)) return stats;
  return (await registerStats.read()) ?? stats;
}

/** The stored figures, counting them the first time. */
export async function readRegisterStats(): Promise<RegisterStats> {
  return (await registerStats.read()) ?? refreshRegisterStats();
}
