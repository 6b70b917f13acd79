import type { Scheduler } from '../jobs/scheduler.js';
import { removeExpiredSessions } from './sessions.js';
import { removeExpiredWebLinks } from './web-links.js';

const EVERY_MS = 10 * 60_000;

/** Deletes expired mini-app sessions and web links every 10 minutes (a job, since not every rung has TTL indexes). */
export async function scheduleMiniappCleanup(scheduler: Scheduler): Promise<void> {
  scheduler.define('miniapp-cleanup', async (_data, log) => {
    const now = new Date();
    const [sessions, links] = await Promise.all([removeExpiredSessions(now), removeExpiredWebLinks(now)]);
    if (sessions || links) log.info({ sessions, links }, 'removed expired mini-app sessions and web links');
  });
  await scheduler.every(EVERY_MS, 'miniapp-cleanup');
}
