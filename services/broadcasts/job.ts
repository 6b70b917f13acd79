import crypto from 'node:crypto';
import { broadcasts, type BroadcastCursor, type StoredBroadcast } from '../../models/broadcast.js';
import { chats } from '../../models/chat.js';
import { notifications } from '../../models/notification.js';
import { officers } from '../../models/officer.js';
import { config } from '../config.js';
import { currentCorrelationId, withCorrelation } from '../correlation.js';
import { periodOf } from '../format.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { chatIdFor } from '../linking/chats.js';
import type { ChannelName } from '../notifications/channel.js';
import { enqueueNew, type Notice } from '../notifications/outbox.js';
import { audiencePages, type Recipient } from './audience.js';
import { CANCELLED_REASON, progressOf } from './control.js';
import { broadcastPolicy } from './policy.js';
import { announcementVars, copyLang } from './preview.js';
import type { BroadcastPolicy } from './types.js';

/** What one pass did. */
export type BroadcastPassResult = { expanded: number; notices: number; finished: number };

/**
 * Test hooks: `afterPage` runs after a page's notices are stored and before its cursor is (a test
 * throws from it to kill the worker at the worst moment: the page is done again on the next run).
 */
export type ExpansionHooks = { afterPage?: (page: number) => void | Promise<void> };

/** Broadcasts one pass expands at most; the next pass takes the rest. */
const PER_PASS = 10;

/** The event key of a broadcast's copies: with the chat, it makes each copy's id (one per chat, ever). */
export const broadcastEventKey = (id: string): string => `broadcast:${id}`;

/**
 * One pass: claims due broadcasts with a lease and expands each into notices page by page (the
 * cursor stored after each page), then marks `done` those whose notices are all final and sends each
 * author's summary once.
 */
export async function runBroadcastPass(
  now: Date,
  policy: BroadcastPolicy = broadcastPolicy(config()),
  hooks: ExpansionHooks = {},
): Promise<BroadcastPassResult> {
  // The pass's own clock: `now` at its start, moving with real time (a long expansion renews its lease).
  const startedAt = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt));
  const token = crypto.randomUUID();
  let expanded = 0;
  let notices = 0;
  for (let i = 0; i < PER_PASS; i++) {
    const b = await broadcasts.claimExpansion(clock(), token, policy.leaseMs);
    if (!b) break;
    // The copies carry the id of the request that submitted the broadcast, not this pass's.
    notices += await withCorrelation(b.correlationId ?? currentCorrelationId(), () =>
      expand(b, token, clock, policy, hooks),
    );
    expanded += 1;
  }
  await applyBrakes(clock());
  const finished = await finishBroadcasts(clock());
  return { expanded, notices, finished };
}

/** Cancelled broadcasts are braked again for this long after the cancel. */
const BRAKE_AGAIN_MS = 86_400_000;

/**
 * Holds (or cancels) again what a dispatcher handed back to the outbox after the pause or cancel: a
 * notice it had claimed and could not send yet (the chat's interval, a rate-limit pause, a stop) comes
 * back as waiting. One updateMany per braked broadcast, usually changing nothing.
 */
async function applyBrakes(now: Date): Promise<void> {
  for (const b of await broadcasts.braked(new Date(now.getTime() - BRAKE_AGAIN_MS), 100)) {
    if (b.state === 'paused') await notifications.holdBroadcast(b.id);
    else await notifications.cancelBroadcast(b.id, CANCELLED_REASON);
  }
}

/** One copy for one person. */
function noticeFor(b: StoredBroadcast, r: Recipient, period: string): Notice<'announcement'> {
  const lang = copyLang(b.message, r.chat.lang);
  return {
    channel: r.chat.channel as ChannelName,
    address: r.chat.chatId,
    chatRef: r.chat.id,
    beneficiaryId: null,
    eventKey: broadcastEventKey(b.id),
    period,
    lane: 'bulk',
    template: 'announcement',
    lang,
    vars: announcementVars(b.provinceCode, b.message, lang),
    broadcastId: b.id,
    // The province's dashboard counts the copies its beneficiaries received (their commune is not read here).
    ...(r.kind === 'beneficiary' ? { provinceCode: b.provinceCode } : {}),
    // Only when true: the outbox's sparse index holds urgent notices only.
    ...(b.urgent ? { urgent: true } : {}),
  };
}

/**
 * Expands the audience from the stored cursor: each page's notices inserted (ids from chat and
 * broadcast, so a page done twice creates nothing twice), then the cursor and counters stored under
 * the lease. A pause or cancel seen on the way stops it, and the notices of the page just inserted
 * are held or cancelled like the others. Returns the notices created.
 */
async function expand(
  b: StoredBroadcast,
  token: string,
  clock: () => Date,
  policy: BroadcastPolicy,
  hooks: ExpansionHooks,
): Promise<number> {
  let from: BroadcastCursor = b.cursor;
  let created = 0;
  let page = 0;
  // A failure leaves the lease: another worker takes the expansion over once it expires, from the stored cursor.
  for await (const p of audiencePages(b, from, policy.pageSize)) {
    const at = clock();
    const ids = await enqueueNew(
      p.recipients.map((r) => noticeFor(b, r, periodOf(at))),
      at,
    );
    created += ids.length;
    page += 1;
    await hooks.afterPage?.(page);
    const stored = await broadcasts.advance(
      b.id,
      token,
      from,
      p.next,
      { notices: ids.length, blocked: p.blocked.length, pages: 1 },
      clock(),
      policy.leaseMs,
    );
    if (!stored) {
      await settleInterrupted(b.id);
      break;
    }
    from = p.next;
  }
  await broadcasts.releaseLease(b.id, token);
  return created;
}

/** A broadcast paused or cancelled while a page was being inserted: its newest notices follow the others. */
async function settleInterrupted(id: string): Promise<void> {
  const now = await broadcasts.byId(id);
  if (now?.state === 'paused') await notifications.holdBroadcast(id);
  if (now?.state === 'cancelled') await notifications.cancelBroadcast(id, CANCELLED_REASON);
}

/** Broadcasts whose notices are all final become `done`; each author gets the summary once. */
async function finishBroadcasts(now: Date): Promise<number> {
  let finished = 0;
  for (const b of await broadcasts.expandedSending(50)) {
    if (await notifications.broadcastHasUnfinished(b.id)) continue;
    const res = await broadcasts.transition(b.id, ['sending'], 'done', { finishedAt: now, lease: null }, now, {
      'cursor.done': true,
    });
    if (!res.ok) continue;
    finished += 1;
  }
  for (const b of await broadcasts.awaitingSummary(50))
    await withCorrelation(b.correlationId ?? currentCorrelationId(), () => sendSummary(b, now));
  return finished;
}

/** The author's summary, in each of their chats, through the personal lane; the event key makes it once per chat. */
async function sendSummary(b: StoredBroadcast, now: Date): Promise<void> {
  const author = b.authorOfficerId ? await officers.byId(b.authorOfficerId) : null;
  const refs = (author?.chats ?? []).map((c) => chatIdFor(c));
  const targets = (await chats.sendTargets(refs)).filter((t) => !t.blockedAt);
  if (targets.length) {
    const p = await progressOf(b);
    const vars = {
      title: b.message.vi.title,
      people: p.total,
      sent: p.sent,
      failed: p.failed,
      blocked: p.blocked,
      cancelled: p.cancelled,
    };
    await enqueueNew(
      targets.map((t): Notice<'broadcast_summary'> => ({
        channel: t.channel as ChannelName,
        address: t.chatId,
        chatRef: t.id,
        beneficiaryId: null,
        eventKey: `broadcast-summary:${b.id}`,
        period: periodOf(now),
        lane: 'personal',
        template: 'broadcast_summary',
        lang: t.lang,
        vars,
      })),
      now,
    );
  }
  await broadcasts.markSummarySent(b.id, now);
}

/** Runs the pass every `everyMs` (an Agenda job, one process at a time). */
export async function scheduleBroadcasts(
  scheduler: Scheduler,
  everyMs: number,
  policy: BroadcastPolicy,
): Promise<void> {
  scheduler.define('broadcast-pass', async (_data, log) => {
    const r = await runBroadcastPass(new Date(), policy);
    if (r.expanded || r.finished) log.info(r, 'broadcast pass');
  });
  await scheduler.every(everyMs, 'broadcast-pass');
}
