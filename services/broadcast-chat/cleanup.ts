import { broadcastDrafts } from '../../models/broadcast-draft.js';
import type { Scheduler } from '../jobs/scheduler.js';

const EVERY_MS = 30 * 60_000;

/** Deletes the bot's expired broadcast drafts (a job, since not every rung has TTL indexes). */
export async function scheduleDraftCleanup(scheduler: Scheduler): Promise<void> {
  scheduler.define('broadcast-draft-cleanup', async (_data, log) => {
    const removed = await broadcastDrafts.removeExpired(new Date());
    if (removed) log.info({ removed }, 'removed expired broadcast drafts');
  });
  await scheduler.every(EVERY_MS, 'broadcast-draft-cleanup');
}
