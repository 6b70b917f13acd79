/**
 * A loopback fake of Zalo's OA Open API v3 (consultation and transaction messages), its OAuth token
 * endpoint and ZNS, over real HTTP, answering as Zalo does: HTTP 200 with `error` in the body.
 * - OAuth `/v4/oa/access_token`: the app secret in `secret_key`, form body; a refresh token works once
 *   and is then spent; the answer's `expires_in` is a string of seconds.
 * - Messages: the token in the `access_token` header (-216 when unknown or expired); consultation
 *   messages only within 7 days of the person's last interaction (-230); -213 for someone who does not
 *   follow; quotas you set answer -211 (OA) or -144 (ZNS) once used up.
 * Each API sits under its own prefix of one server, so a client that mixes up roots fails here.
 *
 *   const zalo = await startFakeZaloOa();
 *   const pair = zalo.issueTokens();            // put pair in the token store
 *   zalo.addUser('5550000000000000001');        // a follower who just wrote
 *   // point ZALO_OA_API_ROOT / ZALO_OAUTH_ROOT / ZALO_ZNS_API_ROOT at zalo.oaRoot / oauthRoot / znsRoot …
 *   zalo.messages('5550000000000000001')        // what the person received
 *   await zalo.stop();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The app credentials the fake's OAuth endpoint accepts. */
export const FAKE_APP = { appId: '4200000000000000042', appSecret: 'fake-app-secret-0123456789' };
/** Zalo's reply window for consultation messages. */
export const REPLY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Zalo's access-token lifetime (25 hours). */
export const ACCESS_TTL_S = 90_000;

/** A button as Zalo received it. */
export type FakeOaButton = { type: string; title: string; payload: unknown };

/** One OA message a person received. */
export type FakeOaMessage = {
  messageId: string;
  kind: 'cs' | 'transaction';
  /** The text the person reads (the transaction template's text element). */
  text: string;
  buttons: FakeOaButton[];
  /** `button`, `request_user_info`, `transaction_…`, or undefined for plain text. */
  templateType?: string;
  /** The request-information card's title and subtitle. */
  card?: { title: string; subtitle: string; imageUrl?: string };
  body: unknown;
};

/** One ZNS send Zalo accepted. */
export type FakeZnsSend = {
  messageId: string;
  phone: string;
  templateId: string;
  templateData: Record<string, unknown>;
  trackingId: string;
  development: boolean;
};

/** Failures to inject on the next request to an API: a 500 page, no answer, or an error envelope. */
export type FakeZaloOaFailure = 'http500' | 'hang' | { error: number; message?: string };

/** Quotas that can be set; null is unlimited. */
export type FakeQuotaKind = 'cs' | 'transaction' | 'zns';

export type FakeTokenState = {
  /** Access tokens that work now (not expired, not revoked). */
  validAccess: string[];
  /** Refresh tokens not yet spent. */
  validRefresh: string[];
  /** Successful refreshes. */
  refreshes: number;
  /** Refresh calls refused (spent, unknown, or wrong app). */
  refusedRefreshes: number;
};

export type FakeZaloOa = {
  oaRoot: string;
  oauthRoot: string;
  znsRoot: string;
  appId: string;
  appSecret: string;
  /** The fake's clock (epoch ms): token expiry and the reply window are measured on it. */
  now(): number;
  setNow(ms: number): void;
  advance(ms: number): void;
  /** A fresh pair, as if an OA administrator had just granted the app access. */
  issueTokens(opts?: { accessTtlS?: number }): { accessToken: string; refreshToken: string; expiresInS: number };
  /** How long access tokens from later refreshes live (seconds). */
  setAccessTtl(seconds: number): void;
  /** Every access token issued so far stops working (as after an OA administrator revokes the app). */
  revokeAccessTokens(): void;
  /** Every refresh token stops working (expired after 3 months, or revoked). */
  revokeRefreshTokens(): void;
  /** Holds each refresh's answer this long, so concurrent refreshes overlap. */
  setRefreshDelay(ms: number): void;
  tokenState(): FakeTokenState;
  /** A person who follows the OA; `lastInteractionMs` defaults to now (they just wrote). */
  addUser(userId: string, opts?: { followed?: boolean; lastInteractionMs?: number }): void;
  /** The person wrote to the OA now: the reply window opens again. */
  interact(userId: string): void;
  unfollow(userId: string): void;
  messages(userId: string): FakeOaMessage[];
  znsSends: FakeZnsSend[];
  /** Remaining sends of this kind before Zalo answers "out of quota"; null for unlimited. */
  setQuota(kind: FakeQuotaKind, remaining: number | null): void;
  failNext(api: 'oa' | 'oauth' | 'zns', failure: FakeZaloOaFailure): void;
  /** Every request: its API, path and the token headers it carried. */
  calls: { api: 'oa' | 'oauth' | 'zns'; path: string; accessToken?: string; secretKey?: string }[];
  stop(): Promise<void>;
};

type Api = 'oa' | 'oauth' | 'zns';
const PREFIX: Record<Api, string> = { oa: '/openapi', oauth: '/oauth', zns: '/business' };

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function startFakeZaloOa(): Promise<FakeZaloOa> {
  let clock = Date.now();
  let accessTtlS = ACCESS_TTL_S;
  let refreshDelayMs = 0;
  const access = new Map<string, number>(); // token → expires at (ms)
  const refresh = new Set<string>();
  let refreshes = 0;
  let refusedRefreshes = 0;
  const users = new Map<string, { followed: boolean; lastInteractionMs: number }>();
  const inbox = new Map<string, FakeOaMessage[]>();
  const znsSends: FakeZnsSend[] = [];
  const quotas: Record<FakeQuotaKind, number | null> = { cs: null, transaction: null, zns: null };
  const failures: Record<Api, FakeZaloOaFailure[]> = { oa: [], oauth: [], zns: [] };
  const calls: FakeZaloOa['calls'] = [];
  let serial = 0;

  const newId = () => `${Date.now().toString(16)}${(++serial).toString(16).padStart(6, '0')}`;
  const issue = (ttlS: number) => {
    const accessToken = `acc-${randomBytes(12).toString('base64url')}`;
    const refreshToken = `ref-${randomBytes(12).toString('base64url')}`;
    access.set(accessToken, clock + ttlS * 1000);
    refresh.add(refreshToken);
    return { accessToken, refreshToken, expiresInS: ttlS };
  };
  const tokenOk = (token: string | undefined) => {
    const expires = token === undefined ? undefined : access.get(token);
    return expires !== undefined && expires > clock;
  };

  const handlers: Record<Api, (path: string, req: IncomingMessage, raw: string) => Promise<unknown> | unknown> = {
    async oauth(path, req, raw) {
      if (req.method !== 'POST' || path !== '/v4/oa/access_token') return { error: 404, message: 'Not found' };
      const form = new URLSearchParams(raw);
      if (header(req, 'secret_key') !== FAKE_APP.appSecret || form.get('app_id') !== FAKE_APP.appId) {
        refusedRefreshes++;
        return { error: -14002, error_name: 'Invalid app', error_reason: 'app id or secret key is invalid' };
      }
      if (form.get('grant_type') !== 'refresh_token') return { error: -14001, error_name: 'Invalid grant_type' };
      const token = form.get('refresh_token') ?? '';
      if (refreshDelayMs > 0) await new Promise((r) => setTimeout(r, refreshDelayMs));
      if (!refresh.delete(token)) {
        refusedRefreshes++;
        return { error: -14014, error_name: 'Invalid parameter', error_reason: 'Invalid refresh token' };
      }
      refreshes++;
      const pair = issue(accessTtlS);
      return { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: String(pair.expiresInS) };
    },

    oa(path, req, raw) {
      const kind =
        path === '/v3.0/oa/message/cs' ? 'cs' : path === '/v3.0/oa/message/transaction' ? 'transaction' : null;
      if (req.method !== 'POST' || !kind) return { error: 404, message: 'Not found' };
      if (!tokenOk(header(req, 'access_token'))) return { error: -216, message: 'Access token is invalid' };
      const body = parseJson(raw) as { recipient?: { user_id?: unknown }; message?: Record<string, unknown> } | null;
      const userId = typeof body?.recipient?.user_id === 'string' ? body.recipient.user_id : undefined;
      const user = userId === undefined ? undefined : users.get(userId);
      if (!body?.message || !userId || !user) return { error: -201, message: 'user_id is invalid' };
      if (!user.followed) return { error: -213, message: 'User has not followed OA' };
      if (kind === 'cs' && clock - user.lastInteractionMs > REPLY_WINDOW_MS)
        return { error: -230, message: 'User has not interacted with the OA in the past 7 days' };
      const read = readMessage(kind, body.message);
      if (!read) return { error: -201, message: 'message is invalid' };
      if (quotas[kind] !== null) {
        if (quotas[kind] <= 0) return { error: -211, message: 'Out of quota' };
        quotas[kind]--;
      }
      const messageId = newId();
      const list = inbox.get(userId) ?? [];
      list.push({ messageId, ...read, body });
      inbox.set(userId, list);
      return { error: 0, message: 'Success', data: { message_id: messageId, user_id: userId } };
    },

    zns(path, req, raw) {
      if (req.method !== 'POST' || path !== '/message/template') return { error: 404, message: 'Not found' };
      if (!tokenOk(header(req, 'access_token'))) return { error: -124, message: 'Access token is invalid' };
      const body = parseJson(raw) as Record<string, unknown> | null;
      if (!body) return { error: -201, message: 'Invalid parameter' };
      const { phone, template_id: templateId, template_data: templateData, tracking_id: trackingId } = body;
      if (typeof phone !== 'string' || !/^84\d{8,11}$/.test(phone))
        return { error: -108, message: 'Phone number invalid' };
      if (typeof templateId !== 'string' || !templateId) return { error: -109, message: 'Template ID invalid' };
      if (typeof templateData !== 'object' || templateData === null || !Object.keys(templateData).length)
        return { error: -111, message: 'Template data empty' };
      if (quotas.zns !== null) {
        if (quotas.zns <= 0) return { error: -144, message: 'OA has exceeded maximum quota' };
        quotas.zns--;
      }
      const messageId = newId();
      znsSends.push({
        messageId,
        phone,
        templateId,
        templateData: templateData as Record<string, unknown>,
        trackingId: typeof trackingId === 'string' ? trackingId : '',
        development: body.mode === 'development',
      });
      const remaining = quotas.zns ?? 10_000;
      return {
        error: 0,
        message: 'Success',
        data: {
          msg_id: messageId,
          sent_time: String(clock),
          quota: { dailyQuota: '10000', remainingQuota: String(remaining) },
        },
      };
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const api = (Object.keys(PREFIX) as Api[]).find((a) => url.pathname.startsWith(`${PREFIX[a]}/`));
      if (!api) return send(res, 404, { error: 404, message: 'Not found' });
      const path = url.pathname.slice(PREFIX[api].length);
      calls.push({ api, path, accessToken: header(req, 'access_token'), secretKey: header(req, 'secret_key') });
      const failure = failures[api].shift();
      if (failure === 'hang') return; // the socket stays open; stop() closes it
      if (failure === 'http500') {
        res.writeHead(500, { 'Content-Type': 'text/html' });
        res.end('<html><body>500 Internal Server Error</body></html>');
        return;
      }
      if (failure) return send(res, 200, { error: failure.error, message: failure.message ?? 'Injected failure' });
      void Promise.resolve(handlers[api](path, req, Buffer.concat(chunks).toString('utf8'))).then(
        (body) => send(res, 200, body),
        () => send(res, 500, { error: -1 }),
      );
    });
  };

  const server = createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  let stopped = false;

  return {
    oaRoot: `${base}${PREFIX.oa}`,
    oauthRoot: `${base}${PREFIX.oauth}`,
    znsRoot: `${base}${PREFIX.zns}`,
    appId: FAKE_APP.appId,
    appSecret: FAKE_APP.appSecret,
    now: () => clock,
    setNow(ms) {
      clock = ms;
    },
    advance(ms) {
      clock += ms;
    },
    issueTokens: (opts) => issue(opts?.accessTtlS ?? accessTtlS),
    setAccessTtl(seconds) {
      accessTtlS = seconds;
    },
    revokeAccessTokens() {
      access.clear();
    },
    revokeRefreshTokens() {
      refresh.clear();
    },
    setRefreshDelay(ms) {
      refreshDelayMs = ms;
    },
    tokenState: () => ({
      validAccess: [...access].filter(([, exp]) => exp > clock).map(([t]) => t),
      validRefresh: [...refresh],
      refreshes,
      refusedRefreshes,
    }),
    addUser(userId, opts = {}) {
      users.set(userId, { followed: opts.followed ?? true, lastInteractionMs: opts.lastInteractionMs ?? clock });
    },
    interact(userId) {
      const user = users.get(userId);
      users.set(userId, { followed: user?.followed ?? true, lastInteractionMs: clock });
    },
    unfollow(userId) {
      const user = users.get(userId);
      if (user) user.followed = false;
    },
    messages: (userId) => inbox.get(userId) ?? [],
    znsSends,
    setQuota(kind, remaining) {
      quotas[kind] = remaining;
    },
    failNext(api, failure) {
      failures[api].push(failure);
    },
    calls,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** The readable parts of an OA message body, or null when Zalo would call it invalid. */
function readMessage(
  kind: 'cs' | 'transaction',
  message: Record<string, unknown>,
): Omit<FakeOaMessage, 'messageId' | 'body'> | null {
  if (typeof message.text === 'string' && kind === 'cs') return { kind, text: message.text, buttons: [] };
  const attachment = message.attachment as { type?: unknown; payload?: Record<string, unknown> } | undefined;
  const payload = attachment?.payload;
  if (attachment?.type !== 'template' || !payload || typeof payload.template_type !== 'string') return null;
  const templateType = payload.template_type;
  const buttons = Array.isArray(payload.buttons) ? (payload.buttons as FakeOaButton[]) : [];
  if (kind === 'cs' && templateType === 'button' && typeof payload.text === 'string')
    return { kind, text: payload.text, buttons, templateType };
  if (kind === 'cs' && templateType === 'request_user_info' && Array.isArray(payload.elements)) {
    const el = payload.elements[0] as { title?: unknown; subtitle?: unknown; image_url?: unknown } | undefined;
    if (typeof el?.title !== 'string' || typeof el.subtitle !== 'string') return null;
    const card = {
      title: el.title,
      subtitle: el.subtitle,
      ...(typeof el.image_url === 'string' ? { imageUrl: el.image_url } : {}),
    };
    return { kind, text: '', buttons, templateType, card };
  }
  if (kind === 'transaction' && templateType.startsWith('transaction_') && Array.isArray(payload.elements)) {
    const elements = payload.elements as { type?: unknown; content?: unknown }[];
    if (!elements.some((e) => e.type === 'header' && typeof e.content === 'string')) return null;
    const text = elements
      .filter((e) => e.type === 'text' && typeof e.content === 'string')
      .map((e) => e.content as string);
    return { kind, text: text.join('\n'), buttons, templateType };
  }
  return null;
}
