import type { Scheduler } from '../jobs/scheduler.js';
import { removeExpiredIdempotency } from './idempotency.js';

const EVERY_MS = 30 * 60_000;

/** Deletes idempotency records past their expiry every half hour: a job, since FerretDB v1.24 refuses a TTL index ("expireAfterSeconds is not implemented yet"). */
export async function scheduleIdempotencyCleanup(scheduler: Scheduler): Promise<void> {
  scheduler.define('idempotency-cleanup', async (_data, log) => {
    const removed = await removeExpiredIdempotency(new Date());
    if (removed) log.info({ removed }, 'removed expired idempotency records');
  });
  await scheduler.every(EVERY_MS, 'idempotency-cleanup');
}
