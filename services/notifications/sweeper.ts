import { notifications } from '../../models/notification.js';
import { noticeIntents } from '../../models/notice-intent.js';
import { payments } from '../../models/payment.js';
import type { Logger } from '../log.js';
import { notifyPaymentChanges } from './triggers.js';

/**
 * Hands back notifications whose worker died between claim and outcome (claimed longer ago than
 * the claim timeout), so nothing stays stuck in `sending`. Runs as one Agenda job across workers.
 */
export async function recoverStaleClaims(claimTimeoutMs: number, log: Logger, now = new Date()): Promise<number> {
  const total = await notifications.recoverStale(new Date(now.getTime() - claimTimeoutMs), now);
  if (total)
    log.warn(
      { recovered: total },
      'notifications recovered from a worker that stopped mid-send; a message whose request was already out may arrive twice',
    );
  return total;
}

/**
 * Finishes payment batches whose writer died between saving the payments and creating their
 * notices: each payment that changed in that batch and is in a notifiable status gets its notices
 * (deterministic ids: those already created are not created again).
 */
export async function finishAbandonedNotices(graceMs: number, log: Logger, now = new Date()): Promise<number> {
  let created = 0;
  for (const intent of await noticeIntents.olderThan(new Date(now.getTime() - graceMs))) {
    const changed = (await payments.byIds(intent.paymentIds)).filter(
      (p) => !p.updatedAt || p.updatedAt >= intent.createdAt,
    );
    created += await notifyPaymentChanges(
      changed.map((p) => ({
        id: '',
        paymentId: p.id,
        beneficiaryId: p.beneficiaryId,
        period: p.period,
        kind: p.kind,
        version: p.version,
        from: null,
        to: p.status,
        at: now,
        source: 'recovery',
      })),
      now,
    );
    await noticeIntents.close(intent.id);
  }
  if (created) log.warn({ created }, 'created notices for payments saved by a process that stopped before notifying');
  return created;
}
