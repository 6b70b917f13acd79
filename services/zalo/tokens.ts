/**
 * The OA access/refresh token pair, kept in MongoDB (sealed with the data key, as personal numbers are)
 * and refreshed before expiry under a lease, so exactly one process refreshes.
 *
 * Zalo's refresh tokens are single-use, so the order of writes is what keeps us able to refresh:
 * 1. take the lease (a conditional update on the one document; another process waits for the result);
 * 2. call Zalo with the current refresh token;
 * 3. store the new pair as `pending`, on the version it came from — durable before anything else;
 * 4. confirm: `pending` becomes `current`, the old pair becomes `previous`, the version moves on.
 * A process that dies between 3 and 4 leaves a pending pair, which the next reader confirms (it was
 * only written after Zalo issued it). The one window that cannot be closed is between Zalo's answer
 * in 2 and the write in 3 (one database round trip): dying there spends the old refresh token without
 * keeping the new one. The current access token still works until it expires (we refresh
 * ZALO_TOKEN_REFRESH_MARGIN_MINUTES early), the next refresh fails, the administrators are alerted
 * once, and a new pair must be granted (`npm run cli -- zalo tokens set`).
 */
import { randomUUID } from 'node:crypto';
import { zaloTokens, type SealedPair, type ZaloTokenDoc } from '../../models/zalo-token.js';
import type { Sealer } from '../crypto.js';
import type { Logger } from '../log.js';
import type { ZaloRefresh, ZaloTokenGrant, ZaloTokenSource } from './oa-client.js';

/** Told of each failure episode (a run of failed refreshes ended by a good one); `key` is deterministic per episode. */
export type ZaloTokenAlert = (episode: { key: string; reason: string; at: Date }) => Promise<void>;

export type ZaloTokenStoreOptions = {
  sealer: Sealer;
  log: Logger;
  /** Refresh this long before the access token expires. */
  refreshMarginMs: number;
  /** How long one process may hold the refresh lease before another may take over. */
  leaseMs?: number;
  /** One document per OA. */
  key?: string;
  now?: () => number;
  alert?: ZaloTokenAlert;
  /** How often a process waiting for another's refresh looks again. */
  pollMs?: number;
};

export type RefreshOutcome = 'fresh' | 'refreshed' | 'failed' | 'none';

export type ZaloTokenStore = ZaloTokenSource & {
  /** Stores a pair an administrator obtained (CLI `zalo tokens set`). */
  seed(grant: ZaloTokenGrant): Promise<void>;
  /** Refreshes when the access token is within the margin of expiry (a periodic job calls this). */
  refreshIfDue(refresh: ZaloRefresh): Promise<RefreshOutcome>;
  /** What an administrator may see: times and the failure, never a token. */
  status(): Promise<{ accessExpiresAt: Date | null; version: number; failure: ZaloTokenDoc['failure'] }>;
};

/** After a failed refresh, the next try waits this long, doubling up to the cap: no refresh loop. */
export const REFRESH_RETRY_MS = 5 * 60_000;
export const REFRESH_RETRY_MAX_MS = 60 * 60_000;
const DEFAULT_LEASE_MS = 30_000;

export function zaloTokenStore(opts: ZaloTokenStoreOptions): ZaloTokenStore {
  const key = opts.key ?? 'oa';
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = opts.pollMs ?? 100;
  const now = opts.now ?? Date.now;
  const owner = randomUUID();
  const { sealer, log } = opts;
  /** One refresh at a time inside this process; other processes are kept out by the lease. */
  let inFlight: Promise<string | null> | null = null;

  const seal = (g: ZaloTokenGrant, at: number): SealedPair => ({
    access: sealer.seal(g.accessToken),
    refresh: sealer.seal(g.refreshToken),
    accessExpiresAt: at + g.expiresInS * 1000,
    issuedAt: at,
  });
  /** The newest pair Zalo issued: a pending one is already valid (Zalo spent the old refresh token for it). */
  const newest = (d: ZaloTokenDoc) => d.pending ?? d.current;
  const usableAccess = (d: ZaloTokenDoc | null): string | null => {
    const p = d && newest(d);
    return p && p.accessExpiresAt > now() ? sealer.open(p.access) : null;
  };

  /** Confirms a pending pair whose writer is gone (no live lease), so the next refresh starts from it. */
  const settle = async (d: ZaloTokenDoc): Promise<ZaloTokenDoc> => {
    if (!d.pending || (d.lease && d.lease.owner !== owner && d.lease.until >= now())) return d;
    if (await zaloTokens.confirmPending(key, d.version))
      log.warn('a Zalo token pair stored by a process that stopped before confirming it was confirmed');
    return (await zaloTokens.get(key)) ?? d;
  };

  const refreshOnce = (refresh: ZaloRefresh, seenVersion: number): Promise<string | null> => {
    inFlight ??= refreshUnderLease(refresh, seenVersion).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  /** Refreshes from `seenVersion` unless another process already moved past it; the access token to use. */
  const refreshUnderLease = async (refresh: ZaloRefresh, seenVersion: number): Promise<string | null> => {
    const leased = await zaloTokens.takeLease(key, owner, now(), leaseMs);
    if (!leased) return waitForOther(seenVersion);
    try {
      const d = await settle(leased);
      if (d.version !== seenVersion) return usableAccess(d);
      if (d.failure && d.failure.retryAt > now()) return usableAccess(d);
      if (!d.current) return null;
      const answer = await refresh(sealer.open(d.current.refresh));
      if (answer.ok) {
        const at = now();
        if (!(await zaloTokens.storePending(key, d.version, seal(answer.grant, at)))) {
          log.error('a refreshed Zalo token pair could not be stored: the pair moved while refreshing');
          return usableAccess(await zaloTokens.get(key));
        }
        await zaloTokens.confirmPending(key, d.version);
        log.info({ expiresInS: answer.grant.expiresInS }, 'Zalo OA access token refreshed');
        return answer.grant.accessToken;
      }
      const after = await zaloTokens.get(key);
      if (after && after.version !== d.version) return usableAccess(after);
      await failed(d, answer.failure.detail);
      return usableAccess(after);
    } finally {
      await zaloTokens.releaseLease(key, owner);
    }
  };

  /** Another process holds the lease: wait until it moves the version on or its lease ends. */
  const waitForOther = async (seenVersion: number): Promise<string | null> => {
    const deadline = Date.now() + leaseMs;
    for (;;) {
      const d = await zaloTokens.get(key);
      if (!d) return null;
      if (d.version !== seenVersion || d.pending) return usableAccess(d);
      if (!d.lease || Date.now() > deadline) return usableAccess(d);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };

  /** Records the failure and alerts once per episode; the outbox's event key makes a repeat a no-op. */
  const failed = async (d: ZaloTokenDoc, reason: string) => {
    const at = now();
    const attempts = d.failure?.attempts ?? 0;
    const retryAt = at + Math.min(REFRESH_RETRY_MS * 2 ** attempts, REFRESH_RETRY_MAX_MS);
    const episodeKey = d.failure?.key ?? `zalo-token:${key}:${at}`;
    const doc = await zaloTokens.recordFailure(key, d.version, { episodeKey, reason, nowMs: at, retryAt });
    log.error({ reason, attempts: attempts + 1 }, 'Zalo OA token refresh failed');
    const f = doc?.failure;
    if (!f || f.alerted || !opts.alert) return;
    try {
      await opts.alert({ key: f.key, reason: f.reason, at: new Date(f.since) });
      await zaloTokens.markAlerted(key, f.key);
    } catch (err) {
      log.error({ err }, 'the administrators could not be alerted about the Zalo token');
    }
  };

  return {
    async accessToken(refresh) {
      const raw = await zaloTokens.get(key);
      if (!raw) return null;
      const d = await settle(raw);
      const p = newest(d);
      if (!p) return null;
      if (p.accessExpiresAt - opts.refreshMarginMs > now()) return sealer.open(p.access);
      return (await refreshOnce(refresh, d.version)) ?? usableAccess(d);
    },

    async renew(rejected, refresh) {
      const raw = await zaloTokens.get(key);
      if (!raw) return null;
      const d = await settle(raw);
      const p = newest(d);
      if (!p) return null;
      const stored = sealer.open(p.access);
      if (stored !== rejected) return stored;
      const fresh = await refreshOnce(refresh, d.version);
      return fresh && fresh !== rejected ? fresh : null;
    },

    async seed(grant) {
      await zaloTokens.seed(key, seal(grant, now()));
    },

    async refreshIfDue(refresh) {
      const raw = await zaloTokens.get(key);
      if (!raw) return 'none';
      const d = await settle(raw);
      const p = newest(d);
      if (!p) return 'none';
      if (p.accessExpiresAt - opts.refreshMarginMs > now()) return 'fresh';
      await refreshOnce(refresh, d.version);
      const after = await zaloTokens.get(key);
      // A pending pair is a refresh another process has stored and not confirmed yet (its waiter returns then).
      return after && (after.version !== d.version || after.pending) ? 'refreshed' : 'failed';
    },

    async status() {
      const d = await zaloTokens.get(key);
      const p = d && newest(d);
      return {
        accessExpiresAt: p ? new Date(p.accessExpiresAt) : null,
        version: d?.version ?? 0,
        failure: d?.failure ?? null,
      };
    },
  };
}
