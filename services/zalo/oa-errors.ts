/**
 * Zalo's error envelope, read in one place. Every OA, ZNS and OAuth call answers HTTP 200 with a body
 * `{ "error": <code>, "message": "…", "data": … }`; `error: 0` is success, anything else is a refusal.
 *
 * Sources disagree on some codes, and the choice is kept here only:
 * - -201 is "invalid parameter" in the OA Open API v3 table (developers.zalo.me) but "invalid access
 *   token" in some resellers' tables; we follow the OA table (rejected), since -216/-220 are the token codes there.
 * - -213 is "user has not followed the OA" in the OA table; some integrators also see it for an expired
 *   window. We treat it as unfollowed (blocked): a person who left is not written to until they come back.
 * - The reply window: the OA table gives -230 ("not interacted in the past 7 days") and -232 ("no interaction
 *   or it expired"); both are outside the window.
 * - ZNS (business.openapi.zalo.me) has its own codes: -124 invalid token, -118/-119 the phone has no usable
 *   Zalo account, -144 the OA's daily ZNS quota is used up, -108/-109/-111/-112 bad phone/template/data.
 */

/** Why Zalo did not deliver a message, in words the notification pipeline and the bot act on. */
export type ZaloFailure =
  /** The OA's (or ZNS's) message quota is used up; `retryAfterMs` when Zalo says how long. */
  | { kind: 'quota_exceeded'; zaloCode: number; detail: string }
  /** Too many calls per second or minute: back off and try again. */
  | { kind: 'rate_limited'; zaloCode: number; retryAfterMs: number; detail: string }
  /** A consultation message outside the reply window (the person has not written recently). */
  | { kind: 'outside_window'; zaloCode: number; detail: string }
  /** The person unfollowed, blocked the OA, restricted this message type, or has no usable account. */
  | { kind: 'blocked'; zaloCode: number; detail: string }
  /** The access token was refused even after one refresh, or no token could be had. */
  | { kind: 'invalid_token'; zaloCode?: number; detail: string }
  /** Zalo refused this request for good (bad parameter, template, phone…). */
  | { kind: 'rejected'; zaloCode?: number; detail: string }
  /** Network, timeout, 5xx or Zalo's "unknown error": worth another try later. */
  | { kind: 'transient'; zaloCode?: number; detail: string };

export type ZaloFailureKind = ZaloFailure['kind'];

/** Access-token codes: the client refreshes once and retries on these. */
export const TOKEN_CODES: ReadonlySet<number> = new Set([-216, -220, -124]);
const QUOTA_CODES: ReadonlySet<number> = new Set([-211, -218, -144, -321]);
const RATE_CODES: ReadonlySet<number> = new Set([-32]);
const WINDOW_CODES: ReadonlySet<number> = new Set([-230, -232]);
const BLOCKED_CODES: ReadonlySet<number> = new Set([-213, -217, -227, -244, -118, -119]);
const TRANSIENT_CODES: ReadonlySet<number> = new Set([-100, -200]);

/** How long to hold off after Zalo's rate limit, which it announces without a retry-after. */
export const RATE_LIMIT_PAUSE_MS = 60_000;

/** The failure a non-zero `error` stands for. Zalo's own message is kept short and never holds a token. */
export function failureOfCode(code: number, zaloMessage: unknown): ZaloFailure {
  const detail = `Zalo error ${code}${typeof zaloMessage === 'string' ? `: ${zaloMessage.slice(0, 120)}` : ''}`;
  if (TOKEN_CODES.has(code)) return { kind: 'invalid_token', zaloCode: code, detail };
  if (QUOTA_CODES.has(code)) return { kind: 'quota_exceeded', zaloCode: code, detail };
  if (RATE_CODES.has(code)) return { kind: 'rate_limited', zaloCode: code, retryAfterMs: RATE_LIMIT_PAUSE_MS, detail };
  if (WINDOW_CODES.has(code)) return { kind: 'outside_window', zaloCode: code, detail };
  if (BLOCKED_CODES.has(code)) return { kind: 'blocked', zaloCode: code, detail };
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', zaloCode: code, detail };
  return { kind: 'rejected', zaloCode: code, detail };
}
