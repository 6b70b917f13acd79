import { beneficiaries } from '../../models/beneficiary.js';
import { payments } from '../../models/payment.js';
import { registerStats, type RegisterStats } from '../../models/stats.js';

/** Recounts the register (a full pass), so pages can show figures without scanning. */
export async function refreshRegisterStats(): Promise<RegisterStats> {
  const byStatus: Record<string, number> = {};
  const missing: Record<string, number> = {};
  let total = 0;
  let missingAny = 0;
  for await (const b of beneficiaries.scanForStats()) {
    total++;
    byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
    if (b.missing?.length) missingAny++;
    for (const f of b.missing ?? []) missing[f] = (missing[f] ?? 0) + 1;
  }
  const latestPeriod = await payments.latestPeriod();
  const paymentsByStatus: Record<string, number> = {};
  if (latestPeriod) {
    for await (const p of payments.scanPeriod(latestPeriod))
      paymentsByStatus[p.status] = (paymentsByStatus[p.status] ?? 0) + 1;
  }
  const stats = {
    computedAt: new Date(),
    beneficiaries: total,
    byStatus,
    missing,
    recordsMissingAny: missingAny,
    latestPeriod,
    paymentsByStatus,
  };
  await registerStats.write(stats);
  return stats;
}

/** The cached figures, computing them the first time. */
export async function readRegisterStats(): Promise<RegisterStats> {
  return (await registerStats.read()) ?? refreshRegisterStats();
}
