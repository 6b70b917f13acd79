import {
  createZaloOaClient,
  type ZaloOaClient,
  type ZaloRefresh,
  type ZaloTokenSource,
} from '../services/zalo/oa-client.js';
import { REPLY_WINDOW_MS, startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';

const LAN = '5550000000000000001';

/** A token source kept in memory: renews through the client's refresh, as the real store does. */
function memoryTokens(pair: { accessToken: string; refreshToken: string }) {
  const state = { ...pair, renewals: 0 };
  const source: ZaloTokenSource = {
    accessToken: async () => state.accessToken,
    async renew(rejected, refresh: ZaloRefresh) {
      if (rejected !== state.accessToken) return state.accessToken;
      state.renewals++;
      const r = await refresh(state.refreshToken);
      if (!r.ok) return null;
      state.accessToken = r.grant.accessToken;
      state.refreshToken = r.grant.refreshToken;
      return state.accessToken;
    },
  };
  return { source, state };
}

let zalo: FakeZaloOa;
let client: ZaloOaClient;
let tokens: ReturnType<typeof memoryTokens>;
beforeEach(async () => {
  zalo = await startFakeZaloOa();
  tokens = memoryTokens(zalo.issueTokens());
  client = createZaloOaClient({
    oaRoot: zalo.oaRoot,
    oauthRoot: zalo.oauthRoot,
    znsRoot: zalo.znsRoot,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    tokens: tokens.source,
  });
  zalo.addUser(LAN);
});
afterEach(async () => {
  await zalo.stop();
});

describe('createZaloOaClient: messages', () => {
  it('when a follower wrote recently, then a consultation text reaches them and its message id comes back', async () => {
    const sent = await client.sendText(LAN, 'Xin chào bà Lan', 'cs');
    expect(sent).toEqual({ ok: true, messageId: expect.any(String) });
    expect(zalo.messages(LAN)).toEqual([expect.objectContaining({ kind: 'cs', text: 'Xin chào bà Lan', buttons: [] })]);
    expect(zalo.messages(LAN)[0]!.messageId).toBe(sent.ok && sent.messageId);
  });

  it('when it sends, then the token goes in the access_token header and never in the URL', async () => {
    await client.sendText(LAN, 'Xin chào', 'cs');
    const call = zalo.calls.find((c) => c.api === 'oa')!;
    expect(call.accessToken).toBe(tokens.state.accessToken);
    expect(call.path).toBe('/v3.0/oa/message/cs');
  });

  it("when buttons are given, then they arrive as Zalo's query-show, query-hide and open-url buttons", async () => {
    await client.sendText(LAN, 'Chọn một việc', 'cs', [
      { kind: 'query_show', title: 'Trạng thái', payload: '#status' },
      { kind: 'query_hide', title: 'Xong', payload: 'task:done:1' },
      { kind: 'url', title: 'Mở ứng dụng', url: 'https://zalo.me/s/123/' },
    ]);
    expect(zalo.messages(LAN)[0]).toMatchObject({
      templateType: 'button',
      text: 'Chọn một việc',
      buttons: [
        { type: 'oa.query.show', title: 'Trạng thái', payload: '#status' },
        { type: 'oa.query.hide', title: 'Xong', payload: 'task:done:1' },
        { type: 'oa.open.url', title: 'Mở ứng dụng', payload: { url: 'https://zalo.me/s/123/' } },
      ],
    });
  });

  it('when the person last wrote more than 7 days ago, then a consultation message fails as outside_window and a transaction message goes', async () => {
    zalo.advance(REPLY_WINDOW_MS + 1000);
    const cs = await client.sendText(LAN, 'Tin tư vấn', 'cs');
    expect(cs).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'outside_window', zaloCode: -230 }) });
    const tx = await client.sendText(LAN, 'Khoản trợ cấp tháng 12 đã được chi trả.', 'transaction');
    expect(tx.ok).toBe(true);
    expect(zalo.messages(LAN)).toEqual([
      expect.objectContaining({ kind: 'transaction', text: 'Khoản trợ cấp tháng 12 đã được chi trả.' }),
    ]);
  });

  it('when the person unfollowed, then sending fails as blocked', async () => {
    zalo.unfollow(LAN);
    const sent = await client.sendText(LAN, 'Xin chào', 'transaction');
    expect(sent).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'blocked', zaloCode: -213 }) });
  });

  it("when the OA's quota is used up, then the next send fails as quota_exceeded and nothing more is delivered", async () => {
    zalo.setQuota('cs', 1);
    expect((await client.sendText(LAN, 'một', 'cs')).ok).toBe(true);
    const second = await client.sendText(LAN, 'hai', 'cs');
    expect(second).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'quota_exceeded', zaloCode: -211 }) });
    expect(zalo.messages(LAN).map((m) => m.text)).toEqual(['một']);
  });

  it('when Zalo answers an error envelope it has no special meaning for, then the send is rejected with its code', async () => {
    zalo.failNext('oa', { error: -201, message: 'user_id is invalid' });
    const sent = await client.sendText(LAN, 'Xin chào', 'cs');
    expect(sent).toEqual({
      ok: false,
      failure: { kind: 'rejected', zaloCode: -201, detail: 'Zalo error -201: user_id is invalid' },
    });
  });

  it('when Zalo answers 500, hangs or cannot be reached, then the send fails as transient', async () => {
    zalo.failNext('oa', 'http500');
    expect(await client.sendText(LAN, 'a', 'cs')).toMatchObject({ ok: false, failure: { kind: 'transient' } });
    const quick = createZaloOaClient({
      oaRoot: zalo.oaRoot,
      oauthRoot: zalo.oauthRoot,
      appId: zalo.appId,
      appSecret: zalo.appSecret,
      tokens: tokens.source,
      timeoutMs: 200,
    });
    zalo.failNext('oa', 'hang');
    expect(await quick.sendText(LAN, 'a', 'cs')).toMatchObject({
      ok: false,
      failure: { kind: 'transient', detail: 'Zalo could not be reached: no answer within 200 ms' },
    });
    const root = zalo.oaRoot;
    await zalo.stop();
    const gone = createZaloOaClient({
      ...{ oaRoot: root, oauthRoot: root },
      appId: '1',
      appSecret: 'x',
      tokens: tokens.source,
    });
    expect(await gone.sendText(LAN, 'a', 'cs')).toMatchObject({ ok: false, failure: { kind: 'transient' } });
  });

  it("when the text is longer than Zalo's limit, then it is rejected without asking Zalo", async () => {
    expect(await client.sendText(LAN, 'x'.repeat(2001), 'cs')).toMatchObject({
      ok: false,
      failure: { kind: 'rejected' },
    });
    expect(await client.sendText(LAN, 'x'.repeat(1001), 'transaction')).toMatchObject({
      ok: false,
      failure: { kind: 'rejected' },
    });
    expect((await client.sendText(LAN, 'ệ'.repeat(2000), 'cs')).ok).toBe(true);
    expect(zalo.calls.filter((c) => c.api === 'oa')).toHaveLength(1);
  });

  it("when it asks for the person's information, then Zalo gets a request_user_info card", async () => {
    const sent = await client.requestUserInfo(LAN, {
      title: 'Tin An Sinh',
      subtitle: 'Chia sẻ số điện thoại để liên kết',
    });
    expect(sent.ok).toBe(true);
    expect(zalo.messages(LAN)[0]).toMatchObject({
      kind: 'cs',
      templateType: 'request_user_info',
      card: { title: 'Tin An Sinh', subtitle: 'Chia sẻ số điện thoại để liên kết' },
    });
  });
});

describe('createZaloOaClient: the access token', () => {
  it('when Zalo refuses the token, then the client refreshes once, retries with the new token and the message arrives', async () => {
    const old = tokens.state.accessToken;
    zalo.revokeAccessTokens();
    const sent = await client.sendText(LAN, 'Sau khi làm mới', 'cs');
    expect(sent.ok).toBe(true);
    expect(tokens.state.renewals).toBe(1);
    expect(tokens.state.accessToken).not.toBe(old);
    expect(zalo.tokenState().refreshes).toBe(1);
    const oauth = zalo.calls.find((c) => c.api === 'oauth')!;
    expect(oauth).toEqual({
      api: 'oauth',
      path: '/v4/oa/access_token',
      secretKey: zalo.appSecret,
      accessToken: undefined,
    });
    expect(zalo.messages(LAN).map((m) => m.text)).toEqual(['Sau khi làm mới']);
  });

  it('when the refresh is refused too, then the send fails as invalid_token after one refresh, not in a loop', async () => {
    zalo.revokeAccessTokens();
    zalo.revokeRefreshTokens();
    const sent = await client.sendText(LAN, 'a', 'cs');
    expect(sent).toMatchObject({ ok: false, failure: { kind: 'invalid_token', zaloCode: -216 } });
    expect(zalo.calls.map((c) => c.api)).toEqual(['oa', 'oauth']);
  });

  it('when the refreshed token is refused as well, then it stops after the one retry', async () => {
    zalo.failNext('oa', { error: -216, message: 'Access token is invalid' });
    zalo.failNext('oa', { error: -220, message: 'access_token is expired or removed' });
    const sent = await client.sendText(LAN, 'a', 'cs');
    expect(sent).toMatchObject({ ok: false, failure: { kind: 'invalid_token' } });
    expect(zalo.calls.map((c) => c.api)).toEqual(['oa', 'oauth', 'oa']);
  });

  it('when it refreshes, then the pair comes back with expires_in read from its string form', async () => {
    const r = await client.refresh(tokens.state.refreshToken);
    expect(r).toEqual({
      ok: true,
      grant: {
        accessToken: expect.stringMatching(/^acc-/),
        refreshToken: expect.stringMatching(/^ref-/),
        expiresInS: 90000,
      },
    });
    const again = await client.refresh(tokens.state.refreshToken);
    expect(again).toMatchObject({ ok: false, failure: { zaloCode: -14014 } });
    expect(JSON.stringify(again)).not.toContain(tokens.state.refreshToken);
  });

  it('when the app secret is wrong, then the refresh fails and the secret goes nowhere but its header', async () => {
    const wrong = createZaloOaClient({
      oaRoot: zalo.oaRoot,
      oauthRoot: zalo.oauthRoot,
      appId: zalo.appId,
      appSecret: 'not-the-secret',
      tokens: tokens.source,
    });
    const r = await wrong.refresh(tokens.state.refreshToken);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'rejected', zaloCode: -14002 } });
    expect(zalo.tokenState().validRefresh).toContain(tokens.state.refreshToken);
  });
});

describe('createZaloOaClient: ZNS', () => {
  const notice = {
    phone: '84912345678',
    templateId: '312345',
    templateData: { ten: 'Nguyễn Thị Lan', ky: '12/2026', so_tien: '500.000' },
    trackingId: '6650f0000000000000000001',
  };

  it('when a ZNS notice is sent, then Zalo gets phone, template, data and tracking id, and the quota comes back', async () => {
    const sent = await client.sendZns(notice);
    expect(sent).toEqual({ ok: true, messageId: expect.any(String), quota: { daily: 10000, remaining: 10000 } });
    expect(zalo.znsSends).toEqual([{ messageId: sent.ok && sent.messageId, ...notice, development: false }]);
  });

  it('when development mode is asked, then Zalo is told so', async () => {
    await client.sendZns({ ...notice, development: true });
    expect(zalo.znsSends[0]!.development).toBe(true);
  });

  it('when the ZNS quota is used up, then the send fails as quota_exceeded', async () => {
    zalo.setQuota('zns', 0);
    expect(await client.sendZns(notice)).toMatchObject({
      ok: false,
      failure: { kind: 'quota_exceeded', zaloCode: -144 },
    });
  });

  it('when the phone is not in 84… form, then it is rejected without asking Zalo', async () => {
    expect(await client.sendZns({ ...notice, phone: '0912345678' })).toMatchObject({
      ok: false,
      failure: { kind: 'rejected' },
    });
    expect(zalo.calls).toEqual([]);
  });

  it('when the ZNS token is refused (-124), then the client refreshes once and the notice goes', async () => {
    zalo.revokeAccessTokens();
    expect((await client.sendZns(notice)).ok).toBe(true);
    expect(zalo.calls.map((c) => c.api)).toEqual(['zns', 'oauth', 'zns']);
  });
});
