import type { Scheduler } from '../jobs/scheduler.js';
import type { ZaloOa } from './from-config.js';

const EVERY_MS = 10 * 60_000;

/**
 * Refreshes the OA token ahead of expiry even when nothing is sent: without traffic the refresh
 * token (valid three months, single-use) would otherwise age out unused.
 */
export async function scheduleZaloTokenRefresh(scheduler: Scheduler, oa: ZaloOa): Promise<void> {
  scheduler.define('zalo-token-refresh', async (_data, log) => {
    const outcome = await oa.tokens.refreshIfDue(oa.client.refresh);
    if (outcome === 'refreshed') log.info('Zalo OA token refreshed ahead of expiry');
    if (outcome === 'none') log.warn('no Zalo OA token pair stored: run `npm run cli -- zalo tokens set`');
  });
  await scheduler.every(EVERY_MS, 'zalo-token-refresh');
}
