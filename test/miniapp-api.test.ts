import mongoose from 'mongoose';
import { accounts } from '../models/account.js';
import { auditLog } from '../models/audit.js';
import { officers } from '../models/officer.js';
import { paymentRoutes } from '../models/payment-routing.js';
import { openChat } from '../services/linking/chats.js';
import { accountIdFor } from '../models/ids.js';
import { issueWebLink as issueLinkFor } from '../services/miniapp/web-links.js';
import { miniappContext } from '../miniapp/wiring.js';
import { startFakeZaloGraph, type FakeZaloGraph } from './fakes/zalo-graph.js';
import {
  startMiniappServer,
  seedLinkedBeneficiary,
  telegramInitData,
  issueWebLink,
  type MiniappServer,
} from './support/miniapp.js';

let srv: MiniappServer;
let zalo: FakeZaloGraph;
let userSeq = 7_000_000;
const nextUser = () => ++userSeq;

beforeAll(async () => {
  zalo = await startFakeZaloGraph();
  srv = await startMiniappServer({ ZALO_GRAPH_API_ROOT: zalo.root, MINIAPP_CORS_ORIGINS: 'https://h5.zdn.vn' });
});
afterAll(async () => {
  await srv.stop();
  await zalo.stop();
});

type Json = Record<string, unknown> & { records?: Record<string, unknown>[] };
async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; csrf?: string; lang?: string; rawBody?: string } = {},
): Promise<{ status: number; json: Json; text: string; headers: Headers }> {
  const headers: Record<string, string> = { 'accept-language': init.lang ?? 'vi' };
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  const res = await fetch(srv.url + path, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    /* an HTML page */
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Signs in as a Telegram user and returns the session's tokens. */
async function telegramSession(userId: number): Promise<{ token: string; csrf: string }> {
  const res = await call('/app/api/session/telegram', { body: { initData: telegramInitData({ id: userId }) } });
  expect(res.status).toBe(200);
  const me = await call('/app/api/me', { token: res.json.sessionToken as string });
  return { token: res.json.sessionToken as string, csrf: me.json.csrfToken as string };
}

const goodBank = {
  type: 'bank',
  providerCode: '970436',
  accountNumber: '0071 0012 34567',
  holderName: 'Nguyễn Thị Lan',
  owner: 'self',
};

describe('signing in from Telegram', () => {
  test('when the init data is signed with our bot token, then a session opens (HttpOnly SameSite=Lax cookie) and shows the linked record masked', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const res = await call('/app/api/session/telegram', { body: { initData: telegramInitData({ id: user }) } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tas_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/app/);
    const me = await fetch(`${srv.url}/app/api/me`, { headers: { cookie: cookie.split(';')[0]! } });
    const body = (await me.json()) as Json;
    expect(body.entry).toBe('telegram');
    expect(body.records).toHaveLength(1);
    expect(body.records![0]).toMatchObject({
      fullName: lan.fullName,
      idMasked: `•••• ${lan.nationalId.slice(-4)}`,
      communeName: 'Phường Ba Đình',
      account: { numberMasked: `•••• ${lan.accountLast4}`, providerName: 'Agribank' },
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(lan.nationalId);
    expect(text).not.toContain(lan.accountNumber);
  });

  test('when a Telegram client older than Bot API 8.0 sends signed init data without a signature field, then the session opens as with one', async () => {
    for (const signature of [null, undefined]) {
      const user = nextUser();
      const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
      const initData = telegramInitData({ id: user }, { signature });
      expect(new URLSearchParams(initData).has('signature')).toBe(signature !== null);
      const res = await call('/app/api/session/telegram', { body: { initData } });
      expect(res.status).toBe(200);
      const me = await call('/app/api/me', { token: res.json.sessionToken as string });
      expect(me.json.records!.map((r) => r.fullName)).toEqual([lan.fullName]);
    }
  });

  test('when init data without a signature field has its user swapped, then 401', async () => {
    const user = nextUser();
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const forged = telegramInitData({ id: nextUser() }, { signature: null }).replace(
      /user=[^&]+/,
      `user=${encodeURIComponent(JSON.stringify({ id: user, first_name: 'Lan' }))}`,
    );
    expect((await call('/app/api/session/telegram', { body: { initData: forged } })).status).toBe(401);
  });

  test('when validly signed init data names no positive whole user id, then 401', async () => {
    for (const id of [0, -5, 1.5]) {
      const initData = telegramInitData({ id }, { signature: null });
      expect((await call('/app/api/session/telegram', { body: { initData } })).status).toBe(401);
    }
  });

  test('when the hash is wrong (signed with another bot token), then 401 and no session', async () => {
    const res = await call('/app/api/session/telegram', {
      body: { initData: telegramInitData({ id: nextUser() }, { botToken: '654321:OTHER-token' }) },
    });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('unauthorized');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  test('when someone swaps the user inside signed init data, then 401', async () => {
    const user = nextUser();
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const forged = telegramInitData({ id: nextUser() }).replace(
      /user=[^&]+/,
      `user=${encodeURIComponent(JSON.stringify({ id: user, first_name: 'Lan' }))}`,
    );
    expect((await call('/app/api/session/telegram', { body: { initData: forged } })).status).toBe(401);
  });

  test('when auth_date is older than an hour, then 401; at 50 minutes it still opens', async () => {
    const user = nextUser();
    expect(
      (
        await call('/app/api/session/telegram', {
          body: { initData: telegramInitData({ id: user }, { authDate: new Date(Date.now() - 61 * 60_000) }) },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call('/app/api/session/telegram', {
          body: { initData: telegramInitData({ id: user }, { authDate: new Date(Date.now() - 50 * 60_000) }) },
        })
      ).status,
    ).toBe(200);
  });

  test('when the Telegram user has linked nothing, then the session opens with no records (the page explains how to link)', async () => {
    const { token } = await telegramSession(nextUser());
    expect((await call('/app/api/me', { token })).json.records).toEqual([]);
  });

  test('when there is no session or a made-up one, then /me answers 401 with words for the person', async () => {
    const none = await call('/app/api/me');
    expect(none.status).toBe(401);
    expect(none.json.message).toContain('mở lại trang');
    expect((await call('/app/api/me', { token: 'x'.repeat(43), lang: 'en' })).json.message).toContain(
      'open the page again',
    );
  });
});

describe('signing in from Zalo', () => {
  test("when Zalo's Graph API knows the token, then the session shows the records linked to that Zalo user", async () => {
    const lan = await seedLinkedBeneficiary(srv.rt, { zaloUserId: '8841200000001' });
    zalo.addUser('zalo-good-token-1', { id: '8841200000001', name: 'Lan' });
    const res = await call('/app/api/session/zalo', { body: { accessToken: 'zalo-good-token-1' } });
    expect(res.status).toBe(200);
    const me = await call('/app/api/me', { token: res.json.sessionToken as string });
    expect(me.json.entry).toBe('zalo');
    expect(me.json.records!.map((r) => r.ref)).toEqual([lan.beneficiaryId]);
    expect(zalo.calls.at(-1)!.token).toBe('zalo-good-token-1');
  });

  test('when the Graph API rejects the token, then 401; when it fails, then 503 and no session', async () => {
    expect((await call('/app/api/session/zalo', { body: { accessToken: 'not-a-real-token' } })).status).toBe(401);
    zalo.addUser('zalo-good-token-2', { id: '8841200000002', name: 'Bình' });
    zalo.failNext('http500');
    const res = await call('/app/api/session/zalo', { body: { accessToken: 'zalo-good-token-2' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('the plain-web link', () => {
  test('when the link is opened, then GET only shows the button; POST opens the session once; a replay is refused', async () => {
    const lan = await seedLinkedBeneficiary(srv.rt);
    const url = await issueWebLink(srv.rt, lan.nationalId);
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/app\/w\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    const page = await call(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="${path}"`);
    const opened = await call(path, { method: 'POST' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/app');
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await (await fetch(`${srv.url}/app/api/me`, { headers: { cookie } })).json()) as Json;
    expect(me.entry).toBe('web');
    expect(me.records!.map((r) => r.ref)).toEqual([lan.beneficiaryId]);
    const replay = await call(path, { method: 'POST' });
    expect(replay.status).toBe(410);
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect((await call(path)).status).toBe(410);
  });

  test('when a link is forged or expired, then 404 / 410 and no session', async () => {
    const lan = await seedLinkedBeneficiary(srv.rt);
    const url = await issueWebLink(srv.rt, lan.nationalId);
    const path = new URL(url).pathname;
    const forged = path.slice(0, -1) + (path.endsWith('A') ? 'B' : 'A');
    expect((await call(forged, { method: 'POST' })).status).toBe(404);
    const ctx = { ...miniappContext(srv.rt.config, srv.rt.sealer), now: () => new Date(Date.now() - 16 * 60_000) };
    const old = await issueLinkFor({ kind: 'beneficiary', beneficiaryId: lan.beneficiaryId }, 'test', ctx);
    const expired = await call(new URL(old.url).pathname, { method: 'POST' });
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('</html>');
    expect(expired.headers.get('set-cookie')).toBeNull();
  });
});

describe('confirming and changing the account', () => {
  test('when the page confirms without the CSRF token, then 403; with it, the details are confirmed for this period and audited', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    expect((await call(`/app/api/records/${lan.beneficiaryId}/confirm`, { method: 'POST', token })).status).toBe(403);
    const ok = await call(`/app/api/records/${lan.beneficiaryId}/confirm`, { method: 'POST', token, csrf });
    expect(ok.status).toBe(200);
    expect((ok.json.record as Json).confirmedAt).toEqual(expect.any(String));
    const me = await call('/app/api/me', { token });
    expect(me.json.records![0]!.confirmedAt).toEqual(expect.any(String));
    const trail = (await auditLog.recent(20)).filter((e) => e.entityIds.includes(accountIdFor(lan.beneficiaryId)));
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['view', 'confirm']));
    expect(trail.every((e) => e.entryPoint === 'miniapp' && e.via === 'telegram')).toBe(true);
  });

  test('when the account number is bad, then 422 names the field (Vietnamese, or English when asked) and nothing is replaced', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    const before = await accounts.byId(accountIdFor(lan.beneficiaryId));
    const bad = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: { ...goodBank, accountNumber: '12a4' },
      token,
      csrf,
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.fields as object)).toEqual(['accountNumber']);
    expect((bad.json.fields as Record<string, string>).accountNumber).toContain('6 đến 19');
    const en = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: { ...goodBank, type: 'ewallet', providerCode: '970436', accountNumber: '123' },
      token,
      csrf,
      lang: 'en',
    });
    expect(en.json.fields).toEqual({
      providerCode: expect.stringContaining('does not match'),
      accountNumber: expect.stringContaining('10-digit mobile number'),
    });
    expect(await accounts.byId(accountIdFor(lan.beneficiaryId))).toEqual(before);
  });

  test('when a good change is saved, then the new details show masked, verification restarts at submitted, the old ones are kept in history and payments see the new destination', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    const res = await call(`/app/api/records/${lan.beneficiaryId}/account`, { body: goodBank, token, csrf });
    expect(res.status).toBe(200);
    expect(res.json.warnings).toEqual([]);
    expect(res.json.record).toMatchObject({
      account: { type: 'bank', providerName: 'Vietcombank', numberMasked: '•••• 4567', owner: 'self' },
      verification: { state: 'submitted' },
      needsOfficerReview: false,
    });
    expect(res.text).not.toContain('0071001234567');
    const stored = (await accounts.byId(accountIdFor(lan.beneficiaryId)))!;
    expect(srv.rt.sealer.open(stored.current.number.sealed)).toBe('0071001234567');
    expect(stored.history.map((h) => h.number.last4)).toEqual([lan.accountLast4]);
    expect(stored.current.source).toBe('miniapp:telegram');
    expect((await paymentRoutes.byBeneficiaryIds([lan.beneficiaryId])).get(lan.beneficiaryId)).toMatchObject({
      destination: { last4: '4567', providerName: 'Vietcombank' },
      verification: { state: 'submitted' },
    });
    const trail = (await auditLog.recent(20)).filter(
      (e) => e.action === 'change' && e.entityIds.includes(accountIdFor(lan.beneficiaryId)),
    );
    expect(trail).toHaveLength(1);
  });

  test("when the holder name differs from the beneficiary's, then the change is saved with a warning next to the holder name", async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    const same = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: { ...goodBank, holderName: 'NGUYEN THI LAN' },
      token,
      csrf,
    });
    expect(same.json.warnings).toEqual([]);
    const other = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: { ...goodBank, holderName: 'Trần Văn Bình' },
      token,
      csrf,
    });
    expect(other.status).toBe(200);
    expect(other.json.warnings).toEqual([{ field: 'holderName', message: expect.stringContaining('Nguyễn Thị Lan') }]);
  });

  test("when an imported account's holder is written in capitals without accents, then it counts as the beneficiary's own; a guardian's name makes it the authorized person's", async () => {
    const guardian = { name: 'Trần Văn Bình', nationalId: null, phone: null, relation: 'con trai' };
    const user = nextUser();
    await seedLinkedBeneficiary(srv.rt, {
      telegramUserId: user,
      overrides: {
        guardian,
        account: { providerCode: '970405', number: '100200300401', holderName: 'NGUYEN THI LAN' },
      },
    });
    await seedLinkedBeneficiary(srv.rt, {
      telegramUserId: user,
      overrides: { guardian, account: { providerCode: '970405', number: '100200300402', holderName: 'TRAN VAN BINH' } },
    });
    const { token } = await telegramSession(user);
    const records = (await call('/app/api/me', { token })).json.records!;
    expect(records.map((r) => (r.account as Json).owner)).toEqual(['self', 'authorized']);
    expect(records[0]!.guardian).toEqual({ name: 'Trần Văn Bình', relation: 'con trai' });
  });

  test('when the owner is "authorized" but no authorized person is on record, then 422 on owner; a new authorized person needs officer review', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    const refused = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: { ...goodBank, owner: 'authorized' },
      token,
      csrf,
    });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.fields as object)).toEqual(['owner']);
    const missing = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: {
        ...goodBank,
        owner: 'new_authorized',
        newAuthorized: { name: 'Trần Văn Bình', nationalId: '1234', phone: '0912345678', relation: '' },
      },
      token,
      csrf,
    });
    expect(Object.keys(missing.json.fields as object).sort()).toEqual([
      'newAuthorized.nationalId',
      'newAuthorized.relation',
    ]);
    const ok = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      body: {
        ...goodBank,
        holderName: 'Trần Văn Bình',
        owner: 'new_authorized',
        newAuthorized: {
          name: 'Trần Văn Bình',
          nationalId: '001090012345',
          phone: '0912 345 678',
          relation: 'con trai',
        },
      },
      token,
      csrf,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.warnings).toEqual([]);
    expect(ok.json.record).toMatchObject({ needsOfficerReview: true, account: { owner: 'authorized' } });
    expect(ok.text).not.toContain('001090012345');
    const stored = (await accounts.byId(accountIdFor(lan.beneficiaryId)))!;
    expect(srv.rt.sealer.open(stored.proposedGuardian!.nationalId.sealed)).toBe('001090012345');
  });

  test('when a session asks for a record it is not linked to, then 404 and nothing changes', async () => {
    const other = await seedLinkedBeneficiary(srv.rt);
    const { token, csrf } = await telegramSession(nextUser());
    const before = await accounts.byId(accountIdFor(other.beneficiaryId));
    expect(
      (await call(`/app/api/records/${other.beneficiaryId}/account`, { body: goodBank, token, csrf })).status,
    ).toBe(404);
    expect(
      (await call(`/app/api/records/${other.beneficiaryId}/confirm`, { method: 'POST', token, csrf })).status,
    ).toBe(404);
    expect((await call('/app/api/records/not-an-id/confirm', { method: 'POST', token, csrf })).status).toBe(404);
    expect(await accounts.byId(accountIdFor(other.beneficiaryId))).toEqual(before);
  });

  test('when the record is of a deceased person, then a change is refused (409) with words for the family', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user, overrides: { status: 'deceased' } });
    const { token, csrf } = await telegramSession(user);
    const res = await call(`/app/api/records/${lan.beneficiaryId}/account`, { body: goodBank, token, csrf });
    expect(res.status).toBe(409);
    expect(res.json.message).toContain('thôi hưởng');
  });

  test('when details are saved, then the commune officers who receive work notices get one notice through the outbox', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const officerId = 'aa00000000000000000000a1';
    await officers.insertIfAbsent({
      id: officerId,
      name: 'Cán bộ Hoa',
      phone: { sealed: 'x', index: `officer-${user}`, last4: '0000' },
      role: 'commune_officer',
      provinceCode: '01',
      communeCodes: ['00004'],
    });
    await officers.addChat(officerId, { channel: 'telegram', chatId: '5550001' });
    await openChat({ channel: 'telegram', chatId: '5550001' });
    const { token, csrf } = await telegramSession(user);
    expect((await call(`/app/api/records/${lan.beneficiaryId}/account`, { body: goodBank, token, csrf })).status).toBe(
      200,
    );
    const notices = await mongoose.connection
      .db!.collection('notifications')
      .find({ template: 'account_change_submitted', beneficiaryId: lan.beneficiaryId })
      .toArray();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      address: '5550001',
      lane: 'personal',
      vars: {
        destinationMasked: '•••• 4567',
        provider: 'Vietcombank',
        owner: 'self',
        via: 'telegram',
        communeName: 'Phường Ba Đình',
      },
    });
  });
});

describe('limits and headers', () => {
  test('when a body is larger than 8 KB, then 413 with words for the person', async () => {
    const user = nextUser();
    const lan = await seedLinkedBeneficiary(srv.rt, { telegramUserId: user });
    const { token, csrf } = await telegramSession(user);
    const res = await call(`/app/api/records/${lan.beneficiaryId}/account`, {
      rawBody: JSON.stringify({ ...goodBank, holderName: 'a'.repeat(9000) }),
      token,
      csrf,
    });
    expect(res.status).toBe(413);
    expect(res.json.message).toContain('quá lớn');
  });

  test('when the page is served, then Helmet headers and a CSP allowing only our scripts and telegram.org come with it', async () => {
    const res = await call('/app');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' https://telegram.org");
    expect(csp).toContain("frame-ancestors 'self' https://web.telegram.org");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // The Zalo Mini App loads our scripts from its own origin.
    const script = await fetch(`${srv.url}/app/assets/app.js`);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});

describe("calls from the Zalo Mini App's own origin", () => {
  test('when the listed origin asks first (preflight), then it may send the bearer and CSRF headers; another origin gets no CORS headers', async () => {
    const preflight = (origin: string) =>
      fetch(`${srv.url}/app/api/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight('https://h5.zdn.vn');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://h5.zdn.vn');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  let tight: MiniappServer;
  beforeAll(async () => {
    tight = await startMiniappServer({ MINIAPP_RATE_PER_MINUTE: '3', MINIAPP_IP_RATE_PER_MINUTE: '8' });
  });
  afterAll(async () => {
    await tight.stop();
  });

  test('when one session calls more than its per-minute limit, then 429; when one address does, then 429 for every endpoint', async () => {
    const initData = telegramInitData({ id: nextUser() });
    const open = await fetch(`${tight.url}/app/api/session/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ initData }),
    });
    const { sessionToken } = (await open.json()) as { sessionToken: string };
    const me = () => fetch(`${tight.url}/app/api/me`, { headers: { authorization: `Bearer ${sessionToken}` } });
    expect([(await me()).status, (await me()).status, (await me()).status]).toEqual([200, 200, 200]);
    const limited = await me();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as Json).message).toContain('đợi một phút');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${tight.url}/app/api/providers`)).status);
    expect(statuses.at(-1)).toBe(429);
  });
});
