/**
 * The one client of Zalo's Official Account Open API v3, its OAuth token endpoint and ZNS, shared by
 * the Zalo bot, the notification channel and ZNS notices. No usable SDK exists on npm, so this is a
 * thin typed layer over fetch, following Zalo's published API:
 * - OA messages: `POST <oaRoot>/v3.0/oa/message/cs` (consultation, inside the reply window) and
 *   `…/message/transaction` (transaction template), the OA access token in the `access_token` header.
 * - Token refresh: `POST <oauthRoot>/v4/oa/access_token`, form `app_id`, `grant_type=refresh_token`,
 *   `refresh_token`, the app secret in the `secret_key` header; answer `{ access_token, refresh_token,
 *   expires_in }` with `expires_in` in seconds as a string. Refresh tokens are single-use.
 * - ZNS: `POST <znsRoot>/message/template` with `phone` (84…), `template_id`, `template_data`, `tracking_id`.
 * Every answer is HTTP 200 with `error` in the body (oa-errors.ts maps it). Tokens never appear in a
 * URL, a log line or an error message.
 */
import { failureOfCode, type ZaloFailure } from './oa-errors.js';

export type { ZaloFailure } from './oa-errors.js';

/** A sent message's id, or why it was not sent. */
export type ZaloResult = { ok: true; messageId: string } | { ok: false; failure: ZaloFailure };

/** A ZNS send: as ZaloResult, with the OA's remaining daily ZNS quota when Zalo reports it. */
export type ZnsResult =
  { ok: true; messageId: string; quota?: { daily: number; remaining: number } } | { ok: false; failure: ZaloFailure };

/**
 * A button under an OA message: `query_show` sends `payload` back as the person's message (shown in the
 * chat), `query_hide` sends it without showing it, `url` opens a link (a Zalo Mini App link or a web page).
 */
export type ZaloButton =
  { kind: 'query_show' | 'query_hide'; title: string; payload: string } | { kind: 'url'; title: string; url: string };

/** Which OA message: a consultation reply (inside the reply window) or a transaction notice. */
export type ZaloMessageKind = 'cs' | 'transaction';

/** The request-information card Zalo shows with a "share" button; the answer comes back as a webhook event. */
export type UserInfoRequest = { title: string; subtitle: string; imageUrl?: string };

/** One ZNS template message; `templateData` keys are the template's parameter names. */
export type ZnsMessage = {
  /** 84… form, digits only. */
  phone: string;
  templateId: string;
  templateData: Record<string, string | number>;
  /** Our id for this send (the notification id); Zalo echoes it in delivery events. */
  trackingId: string;
  /** Zalo's development mode: delivered only to the app's administrators and testers, free of charge. */
  development?: boolean;
};

/** A new token pair as the OAuth endpoint issues it. */
export type ZaloTokenGrant = { accessToken: string; refreshToken: string; expiresInS: number };
export type ZaloRefreshResult = { ok: true; grant: ZaloTokenGrant } | { ok: false; failure: ZaloFailure };
/** Exchanges a single-use refresh token for a new pair. */
export type ZaloRefresh = (refreshToken: string) => Promise<ZaloRefreshResult>;

/**
 * Where the client gets its OA access token (services/zalo/tokens.ts keeps it in MongoDB). The client
 * passes its own `refresh` so the store decides when, and under which lock, a refresh happens.
 */
export interface ZaloTokenSource {
  /** The access token to use now, refreshed first when near expiry; null when there is none. */
  accessToken(refresh: ZaloRefresh): Promise<string | null>;
  /** Zalo refused `rejected`: refresh unless another process already replaced it; the token to retry with, or null. */
  renew(rejected: string, refresh: ZaloRefresh): Promise<string | null>;
}

export type ZaloOaClientOptions = {
  /** `https://openapi.zalo.me` (`ZALO_OA_API_ROOT`). */
  oaRoot: string;
  /** `https://oauth.zaloapp.com` (`ZALO_OAUTH_ROOT`). */
  oauthRoot: string;
  /** `https://business.openapi.zalo.me` (`ZALO_ZNS_API_ROOT`). */
  znsRoot?: string;
  appId: string;
  appSecret: string;
  tokens: ZaloTokenSource;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export type ZaloOaClient = {
  /** A text message to a follower, as a consultation reply or a transaction notice, with optional buttons. */
  sendText(userId: string, text: string, kind: ZaloMessageKind, buttons?: readonly ZaloButton[]): Promise<ZaloResult>;
  /** Asks the person to share their phone (and name) with the OA; sent as a consultation message. */
  requestUserInfo(userId: string, card: UserInfoRequest): Promise<ZaloResult>;
  /** A ZNS template message to a phone number. */
  sendZns(message: ZnsMessage): Promise<ZnsResult>;
  /** The raw refresh call, for the token store's seeding and checks. */
  refresh: ZaloRefresh;
};

/** Zalo's limit on a consultation message's text (OA API v3: at most 2000 characters). */
export const CS_TEXT_LIMIT = 2000;
/**
 * The body of a transaction template's text element. Zalo's table gives 1000 characters for a text
 * element; a longer notice goes out as a consultation message or in parts.
 */
export const TRANSACTION_TEXT_LIMIT = 1000;
/** Zalo accepts at most 5 buttons under one message. */
export const BUTTON_LIMIT = 5;
/** The header line of a transaction notice (Zalo requires a header element; at most 100 characters). */
export const TRANSACTION_HEADER = 'Tin An Sinh';
/** Which transaction template family our notices use (Zalo's `template_type`). */
export const TRANSACTION_TEMPLATE = 'transaction_event';

const DEFAULT_TIMEOUT_MS = 10_000;
/** An answer is a few hundred bytes; anything far larger is not Zalo talking to us. */
const MAX_BODY_BYTES = 64 * 1024;

/** A client over the given roots; every failure is a returned ZaloFailure, never a throw. */
export function createZaloOaClient(opts: ZaloOaClientOptions): ZaloOaClient {
  const oaRoot = trimRoot(opts.oaRoot);
  const oauthRoot = trimRoot(opts.oauthRoot);
  const znsRoot = trimRoot(opts.znsRoot ?? 'https://business.openapi.zalo.me');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;

  const call = (url: string, init: RequestInit) => callZalo(doFetch, url, init, timeoutMs);

  const refresh: ZaloRefresh = async (refreshToken) => {
    const body = new URLSearchParams({ app_id: opts.appId, grant_type: 'refresh_token', refresh_token: refreshToken });
    const answer = await call(`${oauthRoot}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: opts.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    if (!answer.ok) return answer;
    return readGrant(answer.body);
  };

  /** Posts `payload` with the current token; on a token error, renews once and posts again. */
  const postWithToken = async (url: string, payload: unknown): Promise<Answer> => {
    const token = await opts.tokens.accessToken(refresh);
    if (!token) return noToken();
    const first = await postJson(call, url, token, payload);
    if (first.ok || first.failure.kind !== 'invalid_token') return first;
    const renewed = await opts.tokens.renew(token, refresh);
    if (!renewed) return first;
    return postJson(call, url, renewed, payload);
  };

  const sendOa = async (path: string, payload: unknown): Promise<ZaloResult> => {
    const answer = await postWithToken(`${oaRoot}${path}`, payload);
    if (!answer.ok) return answer;
    const id = field(answer.body, 'message_id');
    return id ? { ok: true, messageId: id } : unexpected('an OA answer without message_id');
  };

  return {
    async sendText(userId, text, kind, buttons = []) {
      const limit = kind === 'cs' ? CS_TEXT_LIMIT : TRANSACTION_TEXT_LIMIT;
      if (!text.trim() || [...text].length > limit)
        return refuse(`the text is empty or longer than Zalo's ${limit} characters`);
      if (buttons.length > BUTTON_LIMIT) return refuse(`more than ${BUTTON_LIMIT} buttons`);
      const recipient = { user_id: userId };
      if (kind === 'cs') {
        const message = buttons.length
          ? {
              attachment: {
                type: 'template',
                payload: { template_type: 'button', text, buttons: buttons.map(wireButton) },
              },
            }
          : { text };
        return sendOa('/v3.0/oa/message/cs', { recipient, message });
      }
      const elements = [
        { type: 'header', content: TRANSACTION_HEADER, align: 'left' },
        { type: 'text', content: text, align: 'left' },
      ];
      const payload = {
        template_type: TRANSACTION_TEMPLATE,
        language: 'VI',
        elements,
        ...(buttons.length ? { buttons: buttons.map(wireButton) } : {}),
      };
      return sendOa('/v3.0/oa/message/transaction', {
        recipient,
        message: { attachment: { type: 'template', payload } },
      });
    },

    async requestUserInfo(userId, card) {
      const element = {
        title: card.title,
        subtitle: card.subtitle,
        ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
      };
      return sendOa('/v3.0/oa/message/cs', {
        recipient: { user_id: userId },
        message: {
          attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } },
        },
      });
    },

    async sendZns(message) {
      if (!/^84\d{8,11}$/.test(message.phone)) return refuse('the phone is not in 84… form');
      const answer = await postWithToken(`${znsRoot}/message/template`, {
        phone: message.phone,
        template_id: message.templateId,
        template_data: message.templateData,
        tracking_id: message.trackingId,
        ...(message.development ? { mode: 'development' } : {}),
      });
      if (!answer.ok) return answer;
      const id = field(answer.body, 'msg_id');
      if (!id) return unexpected('a ZNS answer without msg_id');
      const quota = readQuota(answer.body);
      return { ok: true, messageId: id, ...(quota ? { quota } : {}) };
    },

    refresh,
  };
}

/** A parsed successful envelope (`error` 0 or absent), or the failure it stands for. */
type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; failure: ZaloFailure };

function postJson(
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

async function callZalo(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
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
function readGrant(body: Record<string, unknown>): ZaloRefreshResult {
  const { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = body;
  const seconds = typeof expiresIn === 'number' ? expiresIn : Number(expiresIn);
  if (typeof accessToken !== 'string' || !accessToken || typeof refreshToken !== 'string' || !refreshToken)
    return unexpected('a token answer without both tokens');
  if (!Number.isFinite(seconds) || seconds <= 0) return unexpected('a token answer without a usable expires_in');
  return { ok: true, grant: { accessToken, refreshToken, expiresInS: seconds } };
}

function readQuota(body: Record<string, unknown>): { daily: number; remaining: number } | undefined {
  const data = body.data as { quota?: { dailyQuota?: unknown; remainingQuota?: unknown } } | undefined;
  const daily = Number(data?.quota?.dailyQuota);
  const remaining = Number(data?.quota?.remainingQuota);
  return Number.isFinite(daily) && Number.isFinite(remaining) ? { daily, remaining } : undefined;
}

/** `data.<name>` as a string; Zalo's ids are strings, a number would already have lost digits. */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const data = body.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === 'string' && value ? value : undefined;
}

function wireButton(b: ZaloButton) {
  if (b.kind === 'url') return { type: 'oa.open.url', title: b.title, payload: { url: b.url } };
  return { type: b.kind === 'query_show' ? 'oa.query.show' : 'oa.query.hide', title: b.title, payload: b.payload };
}

function refuse(detail: string): { ok: false; failure: ZaloFailure } {
  return { ok: false, failure: { kind: 'rejected', detail } };
}

function unexpected(what: string): { ok: false; failure: ZaloFailure } {
  return { ok: false, failure: { kind: 'transient', detail: `Zalo sent ${what}` } };
}

function noToken(): { ok: false; failure: ZaloFailure } {
  return { ok: false, failure: { kind: 'invalid_token', detail: 'no Zalo OA access token is stored' } };
}

function trimRoot(root: string): string {
  return root.replace(/\/+$/, '');
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
