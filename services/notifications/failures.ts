import type { Outcome } from '../../models/notification.js';
import type { ChannelFailure } from './channel.js';

/** How many tries a notice gets and how long it waits between them (from configuration). */
export type RetryPolicy = { maxAttempts: number; backoffMs: number; backoffMaxMs: number };

/** What to do after a failed send: the outcome to store, and whether the whole channel pauses or the chat is blocked. */
export type FailureDecision = { outcome: Outcome; pauseUntil: number | null; blockChat: boolean };

/**
 * The rules for a failed send: a 429 pauses the channel and retries without counting a try; a
 * blocked or missing chat fails for good and stops notices to it; a refusal fails for good; a
 * network error or 5xx retries with jittered exponential backoff until the last try, except while
 * the provider is down (`providerDown`: failing every message), when the notice waits for it however
 * many tries it has had.
 */
export function onSendFailure(
  failure: ChannelFailure,
  attemptsBefore: number,
  policy: RetryPolicy,
  at: Date,
  random: () => number = Math.random,
  providerDown = false,
): FailureDecision {
  const attempt = { at, outcome: failure.kind, ...('detail' in failure ? { detail: failure.detail } : {}) };
  const final = (status: 'failed' | 'technical-failure', reason: string): FailureDecision => ({
    outcome: { kind: 'final', status, attempt, counted: true, failure: reason },
    pauseUntil: null,
    blockChat: failure.kind === 'blocked' || failure.kind === 'not_found',
  });
  switch (failure.kind) {
    case 'rate_limited': {
      const until = at.getTime() + failure.retryAfterMs;
      return {
        outcome: { kind: 'retry', notBefore: new Date(until), attempt, counted: false },
        pauseUntil: until,
        blockChat: false,
      };
    }
    case 'blocked':
    case 'not_found':
      return final('failed', failure.kind);
    case 'rejected':
      return final('failed', 'rejected');
    case 'skipped':
      return {
        outcome: { kind: 'final', status: 'cancelled', attempt, counted: false, failure: `skipped: ${failure.detail}` },
        pauseUntil: null,
        blockChat: false,
      };
    case 'transient': {
      const tries = attemptsBefore + 1;
      if (tries >= policy.maxAttempts && !providerDown) return final('technical-failure', 'transient');
      const backoff = Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** (Math.min(tries, policy.maxAttempts) - 1));
      const jittered = backoff / 2 + random() * (backoff / 2);
      return {
        outcome: { kind: 'retry', notBefore: new Date(at.getTime() + jittered), attempt, counted: true },
        pauseUntil: null,
        blockChat: false,
      };
    }
  }
}

/** A notice to a chat that blocked the bot is not sent, and no try is counted. */
export const CHAT_BLOCKED: Outcome = {
  kind: 'final',
  status: 'cancelled',
  attempt: null,
  counted: false,
  failure: 'chat_blocked',
};

/** A template that does not render is our defect: the notice fails for good, naming the error. */
export const templateFailed = (err: unknown): Outcome => ({
  kind: 'final',
  status: 'technical-failure',
  attempt: null,
  counted: false,
  failure: `template: ${err instanceof Error ? err.message : 'error'}`,
});
