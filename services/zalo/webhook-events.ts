import { stableId } from '../../models/ids.js';
import { zaloEvents, type StoredZaloEvent } from '../../models/zalo-event.js';
import type { Sealer } from '../crypto.js';

/** An event as the webhook accepted it: its identity, whose it is, and the raw body Zalo signed. */
export type IncomingZaloEvent = { key: string; eventName: string; userId: string; rawBody: string };

/** A claimed event, its body opened again for the handler. */
export type ClaimedZaloEvent = { id: string; eventName: string; userId: string; rawBody: string; attempts: number };

/** The stored id of an event: derived from its identity, so every delivery of one event has one id. */
export function zaloEventIdFor(key: string): string {
  return stableId('zalo-event', key);
}

/**
 * Stores an event before the webhook answers; `duplicate` when this event was stored before. The
 * body is sealed: it may hold a shared phone number or a number the person should not have typed.
 */
export async function storeZaloEvent(
  sealer: Sealer,
  event: IncomingZaloEvent,
  now: Date,
): Promise<{ id: string; duplicate: boolean }> {
  const id = zaloEventIdFor(event.key);
  const stored = await zaloEvents.store({
    id,
    eventName: event.eventName,
    userId: event.userId,
    sealedBody: sealer.seal(event.rawBody),
    receivedAt: now,
  });
  return { id, duplicate: !stored };
}

/** Claims a pending event for `leaseMs`; null when it is handled already or another process holds it. */
export async function claimZaloEvent(
  sealer: Sealer,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimedZaloEvent | null> {
  const claimed = await zaloEvents.claim(id, now, new Date(now.getTime() + leaseMs));
  if (!claimed) return null;
  return {
    id,
    eventName: claimed.eventName,
    userId: claimed.userId,
    rawBody: claimed.sealedBody ? sealer.open(claimed.sealedBody) : '',
    attempts: claimed.attempts,
  };
}

/** Marks an event handled; its body is dropped. */
export function finishZaloEvent(id: string, now: Date): Promise<void> {
  return zaloEvents.close(id, 'done', now);
}

/** Gives up on an event after its last attempt; its body is dropped. */
export function abandonZaloEvent(id: string, now: Date): Promise<void> {
  return zaloEvents.close(id, 'failed', now);
}

/** Hands an event back for another try from `retryAt`. */
export function retryZaloEventAt(id: string, retryAt: Date): Promise<void> {
  return zaloEvents.release(id, retryAt);
}

/** Stored events nobody is handling, received at least `graceMs` ago (those the in-process queue did not finish). */
export function dueZaloEvents(now: Date, graceMs: number, limit: number): Promise<StoredZaloEvent[]> {
  return zaloEvents.due(now, new Date(now.getTime() - graceMs), limit);
}

/** Forgets closed events older than `keepMs`: ids Zalo can no longer deliver again (older ones are refused as stale). */
export function pruneZaloEvents(now: Date, keepMs: number): Promise<number> {
  return zaloEvents.pruneClosed(new Date(now.getTime() - keepMs));
}

/** The stored state of an event, for the operator (and tests). */
export function zaloEventById(id: string): Promise<StoredZaloEvent | null> {
  return zaloEvents.byId(id);
}
