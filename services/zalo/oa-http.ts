/**
 * Zalo's HTTP envelope, read in one place for every OA, ZNS and OAuth call: fetch with a timeout and
 * no redirects, then HTTP status, size and JSON checks, then the body's `error` (oa-errors.ts).
 */
import { failureOfCode, type ZaloFailure } from './oa-errors.js';
import type { ZaloRefreshResult } from './oa-client.js';

/** An answer is a few hundred bytes; anything far larger is not Zalo talking to us. */
const MAX_BODY_BYTES = 64 * 1024;

/** A parsed successful envelope (`error` 0 or absent), or the failure it stands for. */
export type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; failure: ZaloFailure };

export function postJson(
  call: (url: string, init: RequestInit) => Promise<Answer>,
  url: string,
  token: string,
  payload: unknown,
) {
  return call(url, {
    method: 'POST',
    headers: { access_token: token, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

export async function callZalo(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Answer> {
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, {
      ...init,
      headers: { accept: 'application/json', ...(init.headers as Record<string, string>) },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    return {
      ok: false,
      failure: { kind: 'transient', detail: `Zalo could not be reached: ${describeFailure(err, timeoutMs)}` },
    };
  }
  if (res.status === 429)
    return { ok: false, failure: { kind: 'rate_limited', zaloCode: 429, retryAfterMs: 60_000, detail: 'HTTP 429' } };
  if (res.status >= 500)
    return { ok: false, failure: { kind: 'transient', detail: `Zalo answered HTTP ${res.status}` } };
  if (!res.ok) return { ok: false, failure: { kind: 'rejected', detail: `Zalo answered HTTP ${res.status}` } };
  if (text.length > MAX_BODY_BYTES) return unexpected('an oversized answer');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return unexpected('an answer that is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return unexpected('an answer that is not an object');
  const record = body as Record<string, unknown>;
  const code = record.error;
  if (code === undefined || code === 0 || code === '0') return { ok: true, body: record };
  const numeric = typeof code === 'number' ? code : Number(code);
  if (!Number.isInteger(numeric)) return unexpected('an error that is not a number');
  return { ok: false, failure: failureOfCode(numeric, record.message ?? record.error_name) };
}

/** A pair from the OAuth answer; Zalo sends `expires_in` as a string of seconds. */
export function readGrant(body: Record<string, unknown>): ZaloRefreshResult {
  const { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = body;
  const seconds = typeof expiresIn === 'number' ? expiresIn : Number(expiresIn);
  if (typeof accessToken !== 'string' || !accessToken || typeof refreshToken !== 'string' || !refreshToken)
    return unexpected('a token answer without both tokens');
  if (!Number.isFinite(seconds) || seconds <= 0) return unexpected('a token answer without a usable expires_in');
  return { ok: true, grant: { accessToken, refreshToken, expiresInS: seconds } };
}

export function readQuota(body: Record<string, unknown>): { daily: number; remaining: number } | undefined {
  const data = body.data as { quota?: { dailyQuota?: unknown; remainingQuota?: unknown } } | undefined;
  const daily = Number(data?.quota?.dailyQuota);
  const remaining = Number(data?.quota?.remainingQuota);
  return Number.isFinite(daily) && Number.isFinite(remaining) ? { daily, remaining } : undefined;
}

/** `data.<name>` as a string; Zalo's ids are strings, a number would already have lost digits. */
export function field(body: Record<string, unknown>, name: string): string | undefined {
  const data = body.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' && value ? value : undefined;
}

export function unexpected(what: string): { ok: false; failure: ZaloFailure } {
  return { ok: false, failure: { kind: 'transient', detail: `Zalo sent ${what}` } };
}

/** A short reason for a failed fetch; duck-typed because fetch's errors may come from another realm. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const { name, cause } = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    cause?: { code?: unknown };
  };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'unknown failure';
}
