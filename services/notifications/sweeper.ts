import { LANES, notifications } from '../../models/notification.js';
import type { Logger } from '../log.js';

/**
 * Hands back notifications whose worker died between claim and outcome (claimed longer ago than
 * the claim timeout), so nothing stays stuck in `sending`. Runs as one Agenda job across workers.
 */
export async function recoverStaleClaims(claimTimeoutMs: number, log: Logger, now = new Date()): Promise<number> {
  let total = 0;
  for (const lane of LANES) total += await notifications.recoverStale(lane, new Date(now.getTime() - claimTimeoutMs), now);
  if (total) log.warn({ recovered: total }, 'notifications recovered from a worker that stopped mid-send; a message whose request was already out may arrive twice');
  return total;
}
