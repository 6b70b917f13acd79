/**
 * Zalo's Graph API "who is this user" call, as a Zalo Mini App's server makes it: the mini app
 * gets a user access token from `zmp-sdk`'s `getAccessToken()`, sends it to us, and we ask
 * `GET <root>/v2.0/me?fields=id,name` with the token in the `access_token` request header —
 * never in the URL, where proxies and access logs would keep it.
 *
 * Zalo answers a bad or expired token with HTTP 200 and a body such as
 * `{ "error": 452, "message": "Session key invalid…" }`; a good one with `{ "id": "…", "name": "…" }`
 * (`name` only when the person granted `scope.userInfo` in the mini app; without it Zalo returns the id alone).
 */
import { createHmac } from 'node:crypto';

/** The person Zalo says the token belongs to; `id` is the app-scoped Zalo user id. */
export type ZaloUser = { id: string; name: string };

/** Why Zalo did not tell us who the user is: the token is no good, or Zalo could not be asked. */
export type ZaloGraphErrorKind = 'invalid_token' | 'unavailable';

/** A failed `me()`; its message never carries the token. */
export class ZaloGraphError extends Error {
  constructor(
    readonly kind: ZaloGraphErrorKind,
    message: string,
    readonly zaloCode?: number,
  ) {
    super(message);
    this.name = 'ZaloGraphError';
  }
}

/** The Graph API calls the mini-app server makes. */
export type ZaloGraphApi = { me(accessToken: string): Promise<ZaloUser> };

export type ZaloGraphApiOptions = {
  /** `https://graph.zalo.me` in production (`ZALO_GRAPH_API_ROOT`), a loopback fake in tests. */
  root: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Only when the Zalo app has "appsecret_proof" switched on: sends the `appsecret_proof` header
   * (HMAC-SHA256 of the token keyed by the app secret, hex), so a stolen token is useless to another app.
   */
  appSecret?: string;
};

const DEFAULT_TIMEOUT_MS = 5000;
/** A profile answer is a few hundred bytes; anything far larger is not Zalo talking to us. */
const MAX_BODY_BYTES = 64 * 1024;
/** Error codes that are about our side (region or app set-up), not the person's token. */
const NOT_THE_TOKEN = new Set([-501]);
/** What an access token can look like: printable ASCII, no spaces; anything else would be refused by fetch as a header. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,4096}$/;

/** A client for `root`'s `/v2.0/me`; every failure is a ZaloGraphError. */
export function zaloGraphApi(opts: ZaloGraphApiOptions): ZaloGraphApi {
  const url = `${opts.root.replace(/\/+$/, '')}/v2.0/me?fields=id,name`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;

  return {
    async me(accessToken) {
      if (!TOKEN_SHAPE.test(accessToken))
        throw new ZaloGraphError('invalid_token', 'the Zalo access token is empty or malformed');
      const headers: Record<string, string> = { access_token: accessToken, accept: 'application/json' };
      if (opts.appSecret)
        headers.appsecret_proof = createHmac('sha256', opts.appSecret).update(accessToken).digest('hex');

      let res: Response;
      let text: string;
      try {
        res = await doFetch(url, { method: 'GET', headers, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
        text = await res.text();
      } catch (err) {
        throw new ZaloGraphError(
          'unavailable',
          `Zalo Graph API could not be reached: ${describeFailure(err, timeoutMs)}`,
        );
      }
      if (!res.ok) throw new ZaloGraphError('unavailable', `Zalo Graph API answered HTTP ${res.status}`);
      if (text.length > MAX_BODY_BYTES)
        throw new ZaloGraphError('unavailable', 'Zalo Graph API sent an oversized answer');
      return readUser(text);
    },
  };
}

/** The user in a 200 answer, or the error Zalo put in it. Zalo's own message is left out: it is not ours to show or log. */
function readUser(text: string): ZaloUser {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ZaloGraphError('unavailable', 'Zalo Graph API sent an answer that is not JSON');
  }
  if (typeof body !== 'object' || body === null)
    throw new ZaloGraphError('unavailable', 'Zalo Graph API sent an unexpected answer');
  const { error, id, name } = body as Record<string, unknown>;
  if (error !== undefined && error !== 0) {
    const code = typeof error === 'number' ? error : undefined;
    const kind: ZaloGraphErrorKind = code !== undefined && NOT_THE_TOKEN.has(code) ? 'unavailable' : 'invalid_token';
    throw new ZaloGraphError(kind, `Zalo Graph API refused the request (error ${String(error)})`, code);
  }
  // Zalo ids are 16–19 digits: as a JSON number they would already have lost digits, so only a string is trusted.
  if (typeof id !== 'string' || !/^\d{1,32}$/.test(id))
    throw new ZaloGraphError('unavailable', 'Zalo Graph API answered without a usable user id');
  return { id, name: typeof name === 'string' ? name : '' };
}

/** A short reason for a failed fetch; duck-typed because fetch's errors may come from another realm (DOMException, undici). */
function describeFailure(err: unknown, timeoutMs: number): string {
  const { name, cause } = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    cause?: { code?: unknown };
  };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'unknown failure';
}
