import { withCorrelation } from '../../services/correlation.js';
import type { Sealer } from '../../services/crypto.js';
import { handleError } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { chatLanguage } from '../../services/linking/language.js';
import { common } from '../../services/messages/common.js';
import {
  abandonZaloEvent,
  claimZaloEvent,
  dueZaloEvents,
  finishZaloEvent,
  pruneZaloEvents,
  retryZaloEventAt,
} from '../../services/zalo/webhook-events.js';
import { rememberZaloAppUser } from '../../services/zalo/app-users.js';
import { converse, type ZaloConversationDeps } from './conversation.js';
import { parseZaloEvent } from './events.js';
import type { ZaloReply, ZaloReplier } from './replies.js';

/** How events are worked off: how long a claim holds, how often a failing one is tried, how long ids are kept. */
export type ZaloProcessingPolicy = {
  leaseMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  /** The sweep leaves events younger than this to the in-process queue that received them. */
  sweepGraceMs: number;
  /** Closed events are forgotten after this; it must be longer than the webhook's accepted timestamp age. */
  keepMs: number;
};

export const DEFAULT_ZALO_PROCESSING: ZaloProcessingPolicy = {
  leaseMs: 60_000,
  maxAttempts: 3,
  retryDelayMs: 5_000,
  sweepGraceMs: 10_000,
  keepMs: 86_400_000,
};

export type ZaloProcessorDeps = {
  sealer: Sealer;
  now: () => Date;
  log: Logger;
  conversation: ZaloConversationDeps;
  replier: ZaloReplier;
  policy?: Partial<ZaloProcessingPolicy>;
};

/** Works off stored webhook events: at once in this process, and by the sweep for any left behind. */
export type ZaloEventProcessor = {
  /** Handles a just-stored event after the ones of the same person already queued here. */
  enqueue(id: string, userId: string): void;
  /** Handles stored events nobody finished (a crash after the 200, a failure to retry); forgets old ids. */
  sweep(): Promise<{ handled: number; pruned: number }>;
  /** Resolves when everything queued here is done (shutdown, tests). */
  idle(): Promise<void>;
};

/**
 * Events of one person are handled one after another (a shared phone, then the answer to the
 * question it raises). An event is claimed first, so a repeated delivery, the sweep and another
 * process never handle it twice at once.
 */
export function zaloEventProcessor(deps: ZaloProcessorDeps): ZaloEventProcessor {
  const policy = { ...DEFAULT_ZALO_PROCESSING, ...deps.policy };
  const chains = new Map<string, Promise<void>>();

  async function deliver(userId: string, replies: ZaloReply[], log: Logger): Promise<void> {
    for (const reply of replies) {
      try {
        await deps.replier.send(userId, reply);
      } catch (err) {
        handleError(err, log, { step: 'reply' });
        return;
      }
    }
  }

  async function handle(id: string): Promise<void> {
    const claimed = await claimZaloEvent(deps.sealer, id, deps.now(), policy.leaseMs);
    if (!claimed) return;
    const log = deps.log.child({ zaloEventId: id, event: claimed.eventName });
    const parsed = parseZaloEvent(safeJson(claimed.rawBody));
    if (!parsed) return finishZaloEvent(id, deps.now());
    let replies: ZaloReply[];
    try {
      if (parsed.appUserId) await rememberZaloAppUser(parsed.appUserId, parsed.userId, deps.now());
      replies = await converse(deps.conversation, parsed.event, log);
    } catch (err) {
      handleError(err, log);
      if (claimed.attempts < policy.maxAttempts) {
        const delay = policy.retryDelayMs * 2 ** (claimed.attempts - 1);
        return retryZaloEventAt(id, new Date(deps.now().getTime() + delay));
      }
      await abandonZaloEvent(id, deps.now());
      const lang = await chatLanguage({ channel: 'zalo', chatId: parsed.userId });
      return deliver(parsed.userId, [{ kind: 'text', text: common[lang].internalError }], log);
    }
    // Closed before the replies go: a crash in between loses a reply, but never runs a turn twice
    // (which would count a wrong answer twice towards the lockout, or link twice).
    await finishZaloEvent(id, deps.now());
    await deliver(parsed.userId, replies, log);
  }

  // Each event is an entry: its log lines and the notices it creates carry one correlation id.
  const run = (id: string) =>
    withCorrelation(null, () => handle(id)).catch((err: unknown) => {
      // The database failed under us: the event stays pending and the sweep takes it up again.
      handleError(err, deps.log, { zaloEventId: id });
    });

  function enqueue(id: string, userId: string): void {
    const next = (chains.get(userId) ?? Promise.resolve()).then(() => run(id));
    chains.set(userId, next);
    void next.then(() => {
      if (chains.get(userId) === next) chains.delete(userId);
    });
  }

  return {
    enqueue,
    async sweep() {
      const now = deps.now();
      const due = await dueZaloEvents(now, policy.sweepGraceMs, 100);
      for (const e of due) enqueue(e.id, e.userId);
      await Promise.all(due.map((e) => chains.get(e.userId)));
      const pruned = await pruneZaloEvents(now, policy.keepMs);
      return { handled: due.length, pruned };
    },
    async idle() {
      while (chains.size) await Promise.all([...chains.values()]);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
