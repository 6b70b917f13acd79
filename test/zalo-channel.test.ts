import { notifications } from '../models/notification.js';
import { chatIdFor } from '../services/linking/chats.js';
import { createLogger } from '../services/log.js';
import type { OutgoingMessage } from '../services/notifications/channel.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { enqueue, noticeId } from '../services/notifications/outbox.js';
import { QUOTA_PAUSE_MS, ZaloChannel, splitText } from '../services/zalo/channel.js';
import { createZaloOaClient } from '../services/zalo/oa-client.js';
import { zaloTokenStore } from '../services/zalo/tokens.js';
import { REPLY_WINDOW_MS, startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';
import { aPaidNotice, anAnnouncement, testPolicy, waitUntil } from './support/notify.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const LAN = '5550000000000000001';
const OA_ID = '1234567890123456789';
const log = createLogger('silent');

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let zalo: FakeZaloOa;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  zalo = await startFakeZaloOa();
  zalo.addUser(LAN);
});
afterEach(async () => {
  await zalo.stop();
});

/** The channel as the worker builds it: the real token store, the client, the fake's roots. */
async function aChannel(opts: { miniAppId?: string } = {}): Promise<ZaloChannel> {
  const tokens = zaloTokenStore({ sealer: rt.sealer, log, refreshMarginMs: 60 * 60_000, now: () => zalo.now() });
  await tokens.seed(zalo.issueTokens());
  const client = createZaloOaClient({
    oaRoot: zalo.oaRoot,
    oauthRoot: zalo.oauthRoot,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    tokens,
  });
  return new ZaloChannel(client, { oaId: OA_ID, publicUrl: 'https://tinansinh.example.vn', ...opts });
}

const personal = (text: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  text,
  lane: 'personal',
  ...extra,
});

describe('ZaloChannel.send', () => {
  it('when the person wrote within the reply window, then the notice goes as a consultation message', async () => {
    const channel = await aChannel();
    const sent = await channel.send(LAN, personal('Khoản trợ cấp tháng 11 đã được chuyển.'));
    expect(sent).toEqual({ ok: true, providerMessageId: zalo.messages(LAN)[0]!.messageId });
    expect(zalo.messages(LAN)).toMatchObject([{ kind: 'cs', text: 'Khoản trợ cấp tháng 11 đã được chuyển.' }]);
    expect(channel.rateKey).toBe(`zalo:${OA_ID}`);
  });

  it('when the window has closed, then a personal notice goes as a transaction message, and a broadcast is refused without one', async () => {
    const channel = await aChannel();
    zalo.advance(REPLY_WINDOW_MS + 60_000);
    expect((await channel.send(LAN, personal('Khoản trợ cấp tháng 11 đã được chuyển.'))).ok).toBe(true);
    expect(zalo.messages(LAN)).toMatchObject([{ kind: 'transaction', text: 'Khoản trợ cấp tháng 11 đã được chuyển.' }]);

    const broadcast = await channel.send(LAN, { text: 'Lịch chi trả tháng 12', lane: 'bulk' });
    expect(broadcast).toEqual({
      ok: false,
      failure: { kind: 'rejected', detail: expect.stringContaining('reply window') },
    });
    expect(zalo.messages(LAN)).toHaveLength(1);
  });

  it('when the notice has buttons, then Done is a hidden query button and the mini-app opens in Zalo, or on the web without a mini-app id', async () => {
    const buttons = [
      { kind: 'callback' as const, data: 'task:done:6650f0000000000000000001', label: 'Đã xong' },
      { kind: 'open_app' as const, section: 'officer' as const, label: 'Mở mục cán bộ' },
    ];
    await (await aChannel({ miniAppId: '777' })).send(LAN, personal('Nhắc việc', { buttons }));
    await (await aChannel()).send(LAN, personal('Nhắc việc', { buttons: [buttons[1]!] }));
    const [inZalo, onWeb] = zalo.messages(LAN);
    expect(inZalo!.buttons).toEqual([
      { type: 'oa.query.hide', title: 'Đã xong', payload: 'task:done:6650f0000000000000000001' },
      { type: 'oa.open.url', title: 'Mở mục cán bộ', payload: { url: 'https://zalo.me/s/777/?section=officer' } },
    ]);
    expect(onWeb!.buttons).toEqual([
      {
        type: 'oa.open.url',
        title: 'Mở mục cán bộ',
        payload: { url: 'https://tinansinh.example.vn/app?section=officer' },
      },
    ]);
  });

  it("when the text is longer than Zalo's 2000 characters, then it goes in parts cut at line breaks, buttons under the last", async () => {
    const line = 'Thông tin chi trả. '.repeat(10).trim();
    const text = Array.from({ length: 20 }, () => line).join('\n');
    const channel = await aChannel();
    const sent = await channel.send(
      LAN,
      personal(text, { buttons: [{ kind: 'open_app', section: 'beneficiary', label: 'Mở ứng dụng' }] }),
    );
    const got = zalo.messages(LAN);
    expect(got.length).toBe(2);
    expect(got.every((m) => [...m.text].length <= 2000)).toBe(true);
    expect(got.map((m) => m.text).join('\n')).toBe(text);
    expect(got[0]!.buttons).toEqual([]);
    expect(got[1]!.buttons).toHaveLength(1);
    expect(sent).toEqual({ ok: true, providerMessageId: got[0]!.messageId });
  });

  it('when the quota is used up, the person unfollowed, or the token cannot be renewed, then the pipeline gets rate_limited, blocked and transient', async () => {
    const channel = await aChannel();
    zalo.setQuota('cs', 0);
    expect(await channel.send(LAN, personal('a'))).toEqual({
      ok: false,
      failure: { kind: 'rate_limited', retryAfterMs: QUOTA_PAUSE_MS },
    });
    zalo.setQuota('cs', null);
    zalo.unfollow(LAN);
    expect(await channel.send(LAN, personal('a'))).toMatchObject({ ok: false, failure: { kind: 'blocked' } });
    zalo.revokeAccessTokens();
    zalo.revokeRefreshTokens();
    expect(await channel.send(LAN, personal('a'))).toMatchObject({ ok: false, failure: { kind: 'transient' } });
  });
});

describe('splitText', () => {
  it('when a line is longer than the limit, then it is cut at the limit; nothing is lost', () => {
    const parts = splitText(`${'a'.repeat(25)}\nb`, 10);
    expect(parts).toEqual(['aaaaaaaaaa', 'aaaaaaaaaa', 'aaaaa\nb']);
  });
});

describe('the Zalo channel in the notification pipeline', () => {
  it('when a payment notice and a broadcast wait for a Zalo chat, then the dispatcher sends each once and records them sent', async () => {
    const channel = await aChannel();
    const d = new Dispatcher([channel], testPolicy({ ratePerSecond: { zalo: 100 } }), log);
    const chatRef = chatIdFor({ channel: 'zalo', chatId: LAN });
    const paid = { ...aPaidNotice(0, 'paid:1'), channel: 'zalo' as const, address: LAN, chatRef };
    const news = { ...anAnnouncement(0, 'news:1'), channel: 'zalo' as const, address: LAN, chatRef };
    await enqueue([paid, news]);
    d.start();
    try {
      await waitUntil(
        () => zalo.messages(LAN).length,
        (n) => n >= 2,
        10000,
        'two Zalo messages',
      );
      const ids = [noticeId(paid), noticeId(news)];
      const stored = await waitUntil(
        () => notifications.byIds(ids),
        (rows) => rows.every((r) => r.status === 'sent'),
        10000,
        'both notices recorded as sent',
      );
      expect(stored.map((r) => r.providerMessageId).sort()).toEqual(
        zalo
          .messages(LAN)
          .map((m) => m.messageId)
          .sort(),
      );
      expect(
        zalo
          .messages(LAN)
          .map((m) => m.text)
          .join('\n'),
      ).toContain('Nguyễn Thị Lan');
    } finally {
      await d.stop();
    }
  });
});
