/**
 * The OA access/refresh token pair, kept in MongoDB and refreshed under a lease so exactly one process
 * refreshes. (Filled in by the next commit; this fixes the shape others build on.)
 */
import type { Sealer } from '../crypto.js';
import type { Logger } from '../log.js';
import type { ZaloRefresh, ZaloTokenGrant, ZaloTokenSource } from './oa-client.js';

/** Told once per failure episode (a run of failed refreshes that ends with a good one). */
export type ZaloTokenAlert = (episode: { key: string; reason: string; at: Date }) => Promise<void>;

export type ZaloTokenStoreOptions = {
  sealer: Sealer;
  log: Logger;
  /** Refresh this long before the access token expires. */
  refreshMarginMs: number;
  /** How long one process may hold the refresh lease before another may take it over. */
  leaseMs?: number;
  now?: () => number;
  alert?: ZaloTokenAlert;
};

export type ZaloTokenStore = ZaloTokenSource & {
  /** Stores a pair an administrator obtained (CLI `zalo tokens set` or dev env). */
  seed(grant: ZaloTokenGrant): Promise<void>;
  /** Refreshes now when the access token is within the margin of expiry (a periodic job calls this). */
  refreshIfDue(refresh: ZaloRefresh): Promise<'fresh' | 'refreshed' | 'failed' | 'none'>;
};

export function zaloTokenStore(_opts: ZaloTokenStoreOptions): ZaloTokenStore {
  throw new Error('not implemented yet');
}
