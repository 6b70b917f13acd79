import type { Scheduler } from '../jobs/scheduler.js';
import { removeExpiredDownloadTickets } from './downloads.js';
import { removeExpiredSessions } from './sessions.js';
import { removeExpiredWebLinks } from './web-links.js';

const EVERY_MS = 10 * 60_000;

/** Deletes expired mini-app sessions, web links and download tickets every 10 minutes (a job, since not every rung has TTL indexes). */
export async function scheduleMiniappCleanup(scheduler: Scheduler): Promise<void> {
  scheduler.define('miniapp-cleanup', async (_data, log) => {
    const now = new Date();
    const [sessions, links, tickets] = await Promise.all([
      removeExpiredSessions(now),
      removeExpiredWebLinks(now),
      removeExpiredDownloadTickets(now),
    ]);
    if (sessions || links || tickets)
      log.info({ sessions, links, tickets }, 'removed expired mini-app sessions, web links and download tickets');
  });
  await scheduler.every(EVERY_MS, 'miniapp-cleanup');
}
