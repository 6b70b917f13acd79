import type { Config } from '../config.js';
import type { Sealer } from '../crypto.js';

/** The rules of linking, from configuration. */
export type LinkPolicy = {
  codeTtlDays: number;
  maxFailures: number;
  failureWindowMs: number;
  lockMs: number;
  pendingMs: number;
};

/** What linking and status services need: keys, rules and a clock (tests move it). */
export type LinkingContext = { sealer: Sealer; policy: LinkPolicy; now: () => Date };

const HOUR = 3_600_000;

/** The policy the issue sets: codes live 14 days, 5 failures in an hour lock the chat for an hour. */
export function linkPolicy(config: Pick<Config, 'LINK_CODE_TTL_DAYS' | 'LINK_MAX_FAILURES'>): LinkPolicy {
  return {
    codeTtlDays: config.LINK_CODE_TTL_DAYS,
    maxFailures: config.LINK_MAX_FAILURES,
    failureWindowMs: HOUR,
    lockMs: HOUR,
    pendingMs: HOUR / 4,
  };
}
