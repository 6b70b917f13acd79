import crypto from 'node:crypto';
import { stableId } from '../../models/ids.js';
import { idempotencyRecords } from '../../models/idempotency-record.js';
import { AppError, type Localized } from '../errors.js';

/** How long an answer is kept for replays. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A claim in flight longer than this was left by a request that died (a 5,000-row push takes seconds): it may be retaken. */
export const IN_FLIGHT_TIMEOUT_MS = 5 * 60_000;

/** Letters a client's idempotency key may use (a UUID fits; so does any id of up to 200 printable characters). */
const KEY = /^[\x21-\x7e]{1,200}$/;

/** Refusals under an Idempotency-Key, in Vietnamese and English. */
export const IDEMPOTENCY_WORDS = {
  badKey: {
    vi: 'Tiêu đề Idempotency-Key phải gồm 1–200 ký tự in được, không có khoảng trắng (ví dụ một UUID).',
    en: 'The Idempotency-Key header must be 1–200 printable characters without spaces (a UUID, for example).',
  },
  otherBody: {
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác. Mỗi yêu cầu mới cần một Idempotency-Key mới.',
    en: 'This Idempotency-Key was used for a request with a different body. Each new request needs a new Idempotency-Key.',
  },
  inFlight: {
    vi: 'Yêu cầu với Idempotency-Key này đang được xử lý. Xin thử lại sau ít giây để nhận kết quả.',
    en: 'A request with this Idempotency-Key is still being processed. Try again in a few seconds to get its answer.',
  },
} satisfies Record<string, Localized>;

/** What a claim gives: go ahead (and finish with the token), or the answer already given. */
export type IdempotencyClaim =
  { kind: 'claimed'; id: string; token: string } | { kind: 'replay'; status: number; body: string };

/** JSON with object keys sorted, so the same body sent with its keys in another order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The hash of a request: its route and body. */
export function requestHashOf(route: string, body: unknown): string {
  return crypto.createHash('sha256').update(route).update('\u0000').update(canonical(body)).digest('hex');
}

/** Refuses an idempotency key that is not one (400). */
export function assertIdempotencyKey(key: string): void {
  if (!KEY.test(key)) throw new AppError('invalid_input', IDEMPOTENCY_WORDS.badKey);
}

/**
 * Claims (API key, idempotency key) for a request, atomically by inserting under the id both
 * derive: the first request goes ahead; the same request again gets the stored answer; another
 * body under the same key, or the same while the first is still in flight, is a conflict (409).
 * An expired record, or a claim in flight past `IN_FLIGHT_TIMEOUT_MS`, is taken over.
 */
export async function claimIdempotency(
  apiKeyId: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<IdempotencyClaim> {
  assertIdempotencyKey(key);
  const id = stableId('idempotency', apiKeyId, key);
  const fresh = () => ({
    requestHash,
    claimToken: crypto.randomBytes(12).toString('hex'),
    claimedAt: now,
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
  });
  // Twice at most: a record that vanished (cleanup) or was retaken between our read and our write.
  for (let attempt = 0; attempt < 2; attempt++) {
    const claim = fresh();
    if (await idempotencyRecords.claim({ id, apiKeyId, state: 'in_flight', response: null, ...claim }))
      return { kind: 'claimed', id, token: claim.claimToken };
    const held = await idempotencyRecords.byId(id);
    if (!held) continue;
    const expired = held.expiresAt <= now;
    const abandoned = held.state === 'in_flight' && now.getTime() - held.claimedAt.getTime() > IN_FLIGHT_TIMEOUT_MS;
    if (!expired && held.requestHash !== requestHash) throw new AppError('conflict', IDEMPOTENCY_WORDS.otherBody);
    if (!expired && held.state === 'done' && held.response)
      return { kind: 'replay', status: held.response.status, body: held.response.body };
    if (!expired && !abandoned) throw new AppError('conflict', IDEMPOTENCY_WORDS.inFlight);
    if (await idempotencyRecords.retake(id, held.claimToken, claim))
      return { kind: 'claimed', id, token: claim.claimToken };
  }
  throw new AppError('conflict', IDEMPOTENCY_WORDS.inFlight);
}

/** Keeps the answer for replays (only while this claim still holds the record). */
export async function finishIdempotency(
  claim: { id: string; token: string },
  response: { status: number; body: string },
): Promise<void> {
  await idempotencyRecords.finish(claim.id, claim.token, response);
}

/** Gives the key back after a failure on our side, so the client's retry does the work again. */
export async function releaseIdempotency(claim: { id: string; token: string }): Promise<void> {
  await idempotencyRecords.release(claim.id, claim.token);
}

/** Deletes the records past their expiry; returns how many. */
export function removeExpiredIdempotency(now: Date): Promise<number> {
  return idempotencyRecords.removeExpired(now);
}
