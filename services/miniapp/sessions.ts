import crypto from 'node:crypto';
import { webSessions, type StoredWebSession, type WebEntry, type WebSubject } from '../../models/web-session.js';
import { stableId } from '../../models/ids.js';
import type { MiniappContext } from './policy.js';

/** What the browser keeps: the bearer token (cookie or header) and the token state-changing requests repeat. */
export type OpenedSession = { sessionToken: string; csrfToken: string };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
// The token has 256 random bits, so an unkeyed hash is enough to keep it out of the database.
const idOf = (token: string): string => stableId('web-session', token);

/** Opens a server-side session for someone whose identity was just proven. */
export async function openSession(
  subject: WebSubject,
  entry: WebEntry,
  ctx: Pick<MiniappContext, 'policy' | 'now'>,
): Promise<OpenedSession> {
  const sessionToken = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = ctx.now();
  await webSessions.create({
    id: idOf(sessionToken),
    subject,
    entry,
    csrfToken,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.policy.sessionTtlMs),
  });
  return { sessionToken, csrfToken };
}

/** The live session a token names, if any. */
export async function sessionOf(token: string | undefined, now: Date): Promise<StoredWebSession | null> {
  if (!token || !TOKEN.test(token)) return null;
  return webSessions.live(idOf(token), now);
}

/** Whether a state-changing request repeats the session's CSRF token (compared in constant time). */
export function csrfMatches(session: StoredWebSession, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Deletes expired sessions (a job: not every database rung has TTL indexes). */
export function removeExpiredSessions(now: Date): Promise<number> {
  return webSessions.removeExpired(now);
}
