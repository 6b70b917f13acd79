import type { Config } from '../config.js';
import { parseQuietHours } from '../notifications/quiet-hours.js';
import type { BroadcastPolicy } from './types.js';

/**
 * Records per page of the expansion: each page costs about six commands (records, links, chats,
 * the two filters' reads, the outbox's read and insert, the cursor), so pages this large keep it
 * under three commands per 1,000 recipients while a page stays a few megabytes.
 */
export const DEFAULT_PAGE_SIZE = 3000;

/** The defaults, for tests and tools that run without a configuration. */
export const DEFAULT_BROADCAST_POLICY: BroadcastPolicy = {
  approvalThreshold: 1000,
  ratePerSecond: { telegram: 30 },
  quietHours: parseQuietHours('21:00-07:00'),
  pageSize: DEFAULT_PAGE_SIZE,
  leaseMs: 60_000,
};

/** The broadcast rules this service is configured with. */
export function broadcastPolicy(config: Config): BroadcastPolicy {
  return {
    approvalThreshold: config.BROADCAST_APPROVAL_THRESHOLD,
    ratePerSecond: { telegram: config.TELEGRAM_MESSAGES_PER_SECOND },
    quietHours: parseQuietHours(config.NOTIFY_QUIET_HOURS),
    pageSize: DEFAULT_PAGE_SIZE,
    leaseMs: Math.max(30_000, config.JOBS_LOCK_LIFETIME_MS),
  };
}
