import mongoose from 'mongoose';
import { chats } from '../models/chat.js';
import { stableId } from '../models/ids.js';
import { notifications } from '../models/notification.js';
import { officers } from '../models/officer.js';
import { zaloTokens } from '../models/zalo-token.js';
import { chatIdFor } from '../services/linking/chats.js';
import { renderTemplate } from '../services/notifications/templates/index.js';
import { noticeId } from '../services/notifications/outbox.js';
import { alertProvinceAdmins } from '../services/zalo/token-alert.js';
import { createLogger } from '../services/log.js';
import { createZaloOaClient, type ZaloOaClient } from '../services/zalo/oa-client.js';
import { REFRESH_RETRY_MS, zaloTokenStore, type ZaloTokenStore } from '../services/zalo/tokens.js';
import { ACCESS_TTL_S, startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const LAN = '5550000000000000001';
const MARGIN_MS = 60 * 60_000;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let zalo: FakeZaloOa;
let alerts: { key: string; reason: string; at: Date }[];

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  zalo = await startFakeZaloOa();
  zalo.setNow(Date.parse('2026-12-05T08:00:00Z'));
  zalo.addUser(LAN);
  alerts = [];
});
afterEach(async () => {
  await zalo.stop();
});

/** A store and client as one process has them, on the fake's clock. */
function processPair(): { store: ZaloTokenStore; client: ZaloOaClient } {
  const store = zaloTokenStore({
    sealer: rt.sealer,
    log: createLogger('silent'),
    refreshMarginMs: MARGIN_MS,
    now: () => zalo.now(),
    alert: async (e) => {
      alerts.push(e);
    },
  });
  const client = createZaloOaClient({
    oaRoot: zalo.oaRoot,
    oauthRoot: zalo.oauthRoot,
    znsRoot: zalo.znsRoot,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    tokens: store,
  });
  return { store, client };
}

async function seeded(): Promise<{
  store: ZaloTokenStore;
  client: ZaloOaClient;
  pair: ReturnType<FakeZaloOa['issueTokens']>;
}> {
  const p = processPair();
  const pair = zalo.issueTokens();
  await p.store.seed(pair);
  return { ...p, pair };
}

const rawDoc = async () => JSON.stringify(await mongoose.connection.db!.collection('zalo_tokens').findOne({}));

describe('zaloTokenStore', () => {
  it('when a pair is seeded, then messages go with its access token and neither token is stored in clear', async () => {
    const { client, pair } = await seeded();
    expect((await client.sendText(LAN, 'Xin chào', 'cs')).ok).toBe(true);
    expect(zalo.calls.at(-1)!.accessToken).toBe(pair.accessToken);
    const raw = await rawDoc();
    expect(raw).not.toContain(pair.accessToken);
    expect(raw).not.toContain(pair.refreshToken);
  });

  it('when nothing is stored, then a send fails as invalid_token without calling Zalo', async () => {
    const { client } = processPair();
    expect(await client.sendText(LAN, 'a', 'cs')).toMatchObject({ ok: false, failure: { kind: 'invalid_token' } });
    expect(zalo.calls).toEqual([]);
  });

  it('when the access token comes within the margin of expiry, then it is refreshed before use and the new pair rotates in', async () => {
    const { store, client, pair } = await seeded();
    zalo.advance(ACCESS_TTL_S * 1000 - MARGIN_MS + 1000);
    expect((await client.sendText(LAN, 'Sau khi làm mới', 'cs')).ok).toBe(true);
    const state = zalo.tokenState();
    expect(state.refreshes).toBe(1);
    expect(zalo.calls.map((c) => c.api)).toEqual(['oauth', 'oa']);
    expect(zalo.calls.at(-1)!.accessToken).not.toBe(pair.accessToken);
    // The stored refresh token is the one Zalo will accept next; the spent one is kept only as `previous`.
    const doc = (await zaloTokens.get('oa'))!;
    expect(rt.sealer.open(doc.current!.refresh)).toBe(state.validRefresh[0]);
    expect(rt.sealer.open(doc.previous!.refresh)).toBe(pair.refreshToken);
    expect(doc.pending).toBeNull();
    expect((await store.status()).accessExpiresAt!.getTime()).toBe(zalo.now() + ACCESS_TTL_S * 1000);
  });

  it('when it is not yet due, then refreshIfDue leaves the pair alone; when due, it refreshes once', async () => {
    const { store, client } = await seeded();
    expect(await store.refreshIfDue(client.refresh)).toBe('fresh');
    zalo.advance(ACCESS_TTL_S * 1000 - MARGIN_MS + 1);
    expect(await store.refreshIfDue(client.refresh)).toBe('refreshed');
    expect(await store.refreshIfDue(client.refresh)).toBe('fresh');
    expect(zalo.tokenState().refreshes).toBe(1);
  });

  it('when many sends in one process find the token due at once, then one refresh serves them all', async () => {
    const { client } = await seeded();
    zalo.advance(ACCESS_TTL_S * 1000);
    zalo.setRefreshDelay(100);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => client.sendText(LAN, `tin ${i}`, 'cs')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(zalo.tokenState()).toMatchObject({ refreshes: 1, refusedRefreshes: 0 });
  });

  it('when Zalo refuses a token the store thinks valid, then it refreshes once; a token already replaced is not refreshed again', async () => {
    const { store, client, pair } = await seeded();
    zalo.revokeAccessTokens();
    expect((await client.sendText(LAN, 'a', 'cs')).ok).toBe(true);
    expect(zalo.tokenState().refreshes).toBe(1);
    const current = await store.accessToken(client.refresh);
    // Another request still holding the old token learns the new one without a second refresh.
    expect(await store.renew(pair.accessToken, client.refresh)).toBe(current);
    expect(zalo.tokenState().refreshes).toBe(1);
  });

  it('when a process stored the new pair as pending and died before confirming, then the next one uses and confirms it, and can refresh again', async () => {
    const { store, client, pair } = await seeded();
    const before = (await zaloTokens.get('oa'))!;
    const issued = await client.refresh(pair.refreshToken);
    if (!issued.ok) throw new Error('refresh failed');
    const g = issued.grant;
    const at = zalo.now();
    await zaloTokens.storePending('oa', before.version, {
      access: rt.sealer.seal(g.accessToken),
      refresh: rt.sealer.seal(g.refreshToken),
      accessExpiresAt: at + g.expiresInS * 1000,
      issuedAt: at,
    });
    // The dead process still "holds" the lease until it runs out.
    await zaloTokens.takeLease('oa', 'dead-process', at, 30_000);

    expect(await store.accessToken(client.refresh)).toBe(g.accessToken);
    expect((await zaloTokens.get('oa'))!.pending).not.toBeNull();
    zalo.advance(31_000);
    await store.accessToken(client.refresh);
    const doc = (await zaloTokens.get('oa'))!;
    expect(doc.pending).toBeNull();
    expect(rt.sealer.open(doc.current!.refresh)).toBe(g.refreshToken);

    zalo.advance(ACCESS_TTL_S * 1000);
    expect(await store.refreshIfDue(client.refresh)).toBe('refreshed');
    expect(zalo.tokenState()).toMatchObject({ refreshes: 2, refusedRefreshes: 0 });
  });
});

describe('zaloTokenStore: a failed refresh', () => {
  it('when the refresh is refused, then the administrators are alerted once, and retries wait instead of looping', async () => {
    const { store, client } = await seeded();
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000 - MARGIN_MS + 1);

    expect(await store.refreshIfDue(client.refresh)).toBe('failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.reason).toContain('-14014');
    // Sends keep using the still-valid access token; no refresh is tried again before the retry time.
    for (let i = 0; i < 5; i++) expect((await client.sendText(LAN, `tin ${i}`, 'cs')).ok).toBe(true);
    expect(await store.refreshIfDue(client.refresh)).toBe('failed');
    expect(zalo.calls.filter((c) => c.api === 'oauth')).toHaveLength(1);

    zalo.advance(REFRESH_RETRY_MS + 1);
    expect(await store.refreshIfDue(client.refresh)).toBe('failed');
    expect(zalo.calls.filter((c) => c.api === 'oauth')).toHaveLength(2);
    expect(alerts).toHaveLength(1);
    const status = await store.status();
    expect(status.failure).toMatchObject({ key: alerts[0]!.key, attempts: 2, alerted: true });
    expect(status.failure!.retryAt).toBe(zalo.now() + 2 * REFRESH_RETRY_MS);
  });

  it('when the access token has expired and the refresh fails, then a send fails as invalid_token and the alert is still sent once', async () => {
    const { client } = await seeded();
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000 + 1);
    for (let i = 0; i < 3; i++)
      expect(await client.sendText(LAN, 'a', 'cs')).toMatchObject({ ok: false, failure: { kind: 'invalid_token' } });
    expect(alerts).toHaveLength(1);
    expect(zalo.calls.filter((c) => c.api === 'oauth')).toHaveLength(1);
    expect(zalo.calls.filter((c) => c.api === 'oa')).toHaveLength(0);
  });

  it('when a new pair is seeded after a failure, then the episode ends, and a later failure alerts again under a new key', async () => {
    const { store, client } = await seeded();
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000);
    await store.refreshIfDue(client.refresh);
    await store.seed(zalo.issueTokens());
    expect((await store.status()).failure).toBeNull();
    expect((await client.sendText(LAN, 'a', 'cs')).ok).toBe(true);
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000);
    await store.refreshIfDue(client.refresh);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.key).not.toBe(alerts[0]!.key);
  });

  it('when the alert cannot be delivered, then it is tried again at the next failed refresh', async () => {
    let fail = true;
    const store = zaloTokenStore({
      sealer: rt.sealer,
      log: createLogger('silent'),
      refreshMarginMs: MARGIN_MS,
      now: () => zalo.now(),
      alert: async (e) => {
        if (fail) throw new Error('outbox down');
        alerts.push(e);
      },
    });
    const { client } = processPair();
    await store.seed(zalo.issueTokens());
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000);
    await store.refreshIfDue(client.refresh);
    expect(alerts).toHaveLength(0);
    fail = false;
    zalo.advance(REFRESH_RETRY_MS + 1);
    await store.refreshIfDue(client.refresh);
    expect(alerts).toHaveLength(1);
  });
});

describe('alertProvinceAdmins', () => {
  it("when two processes' refreshes fail in one episode, then each province administrator's chat outside Zalo gets one notice, and commune officers none", async () => {
    const telegram = { channel: 'telegram' as const, chatId: '7001' };
    const zaloChat = { channel: 'zalo' as const, chatId: LAN };
    const officerChat = { channel: 'telegram' as const, chatId: '7002' };
    for (const c of [telegram, zaloChat, officerChat]) await chats.open(chatIdFor(c), c.channel, c.chatId);
    const phone = { sealed: 'x', index: 'i', last4: '0101' } as never;
    await officers.insertIfAbsent({
      id: stableId('officer', 'admin'),
      name: 'Lê Văn Tỉnh',
      phone,
      role: 'province_admin',
      provinceCode: '01',
      communeCodes: [],
      chats: [telegram, zaloChat],
    });
    await officers.insertIfAbsent({
      id: stableId('officer', 'commune'),
      name: 'Trần Thu Hằng',
      phone,
      role: 'commune_officer',
      provinceCode: '01',
      communeCodes: ['00004'],
      chats: [officerChat],
    });
    const pair = zalo.issueTokens();
    const racers = [0, 1].map(() => {
      const store = zaloTokenStore({
        sealer: rt.sealer,
        log: createLogger('silent'),
        refreshMarginMs: MARGIN_MS,
        now: () => zalo.now(),
        alert: alertProvinceAdmins(createLogger('silent')),
      });
      return { store, client: processPair().client };
    });
    await racers[0]!.store.seed(pair);
    zalo.revokeRefreshTokens();
    zalo.advance(ACCESS_TTL_S * 1000);
    // The second fails on its own later try, after the first one's back-off: the same episode.
    await racers[0]!.store.refreshIfDue(racers[0]!.client.refresh);
    zalo.advance(REFRESH_RETRY_MS + 1);
    await mongoose.connection.db!.collection('zalo_tokens').updateOne({}, { $set: { 'failure.alerted': false } });
    await racers[1]!.store.refreshIfDue(racers[1]!.client.refresh);

    const episode = (await racers[0]!.store.status()).failure!.key;
    const all = await notifications.byIds([
      noticeId({ channel: 'telegram', address: '7001', eventKey: `zalo-token-failed:${episode}` }),
      noticeId({ channel: 'zalo', address: LAN, eventKey: `zalo-token-failed:${episode}` }),
      noticeId({ channel: 'telegram', address: '7002', eventKey: `zalo-token-failed:${episode}` }),
    ]);
    expect(all.map((n) => [n.channel, n.address, n.template])).toEqual([['telegram', '7001', 'zalo_token_failed']]);
    expect(await mongoose.connection.db!.collection('notifications').countDocuments({})).toBe(1);
    expect(renderTemplate('zalo_token_failed', 'vi', all[0]!.vars).text).toContain('zalo tokens set');
  });
});
