import { auditLog } from '../models/audit.js';
import { notifications } from '../models/notification.js';
import type { Config } from './config.js';
import type { Scheduler } from './jobs/scheduler.js';

/** How long things are kept (NOTICE_BODY_RETENTION_DAYS, AUDIT_RETENTION_YEARS). */
export type RetentionPolicy = { noticeBodyDays: number; auditYears: number };
export const retentionPolicy = (c: Config): RetentionPolicy => ({
  noticeBodyDays: c.NOTICE_BODY_RETENTION_DAYS,
  auditYears: c.AUDIT_RETENTION_YEARS,
});

const DAY_MS = 86_400_000;
const EVERY_MS = DAY_MS / 4;

/**
 * Removes what is kept no longer: the values of final notices older than the notice retention (their
 * status, ids and times stay, so delivery figures still add up) and audit entries older than the
 * audit retention. Two commands; running it again changes nothing.
 */
export async function applyRetention(
  now: Date,
  policy: RetentionPolicy,
): Promise<{ noticeBodies: number; auditEntries: number }> {
  const auditBefore = new Date(now);
  auditBefore.setUTCFullYear(auditBefore.getUTCFullYear() - policy.auditYears);
  const [noticeBodies, auditEntries] = await Promise.all([
    notifications.purgeBodies(new Date(now.getTime() - policy.noticeBodyDays * DAY_MS), now),
    auditLog.removeBefore(auditBefore),
  ]);
  return { noticeBodies, auditEntries };
}

/** The retention job, four times a day, one process at a time (a job, since not every rung has TTL indexes). */
export async function scheduleRetention(scheduler: Scheduler, policy: RetentionPolicy): Promise<void> {
  scheduler.define('retention', async (_data, log) => {
    const done = await applyRetention(new Date(), policy);
    if (done.noticeBodies || done.auditEntries)
      log.info(done, 'retention: removed old notice values and audit entries');
  });
  await scheduler.every(EVERY_MS, 'retention');
}
