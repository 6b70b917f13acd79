import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { importFile } from '../services/imports/run-import.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { redeemCode } from '../services/linking/link.js';
import { ZaloChannel } from '../services/zalo/channel.js';
import { notifications, type StoredNotification } from '../models/notification.js';
import { payments } from '../models/payment.js';
import { paymentIdFor } from '../models/ids.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { noticeId } from '../services/notifications/outbox.js';
import { notificationStats } from '../services/notifications/stats.js';
import { notifyPaymentChanges } from '../services/notifications/triggers.js';
import { znsChannel } from '../services/notifications/zns/channel.js';
import { setProvinceZns } from '../services/notifications/zns/province-switch.js';
import { useZnsRouting, znsRouting, znsRoutingFrom } from '../services/notifications/zns/routing.js';
import { OPERATOR } from '../services/officers/scope.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { createZaloOaClient } from '../services/zalo/oa-client.js';
import { zaloTokenStore } from '../services/zalo/tokens.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import { startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';
import { linkNewChat, testPolicy, waitUntil } from './support/notify.js';
import { aPaymentRow, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { aBeneficiary, aPayment, register, verifyAccount } from './support/register.js';
import type { BeneficiaryInput } from '../services/register/beneficiaries.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/** Two approved templates, as an operator would configure them; the verification notices have none. */
const TEMPLATES = {
  payment_paid: {
    templateId: '301001',
    params: { customer_name: 'beneficiaryName', month: 'period', amount: 'amount', paid_date: 'paidOn' },
  },
  payment_failed: {
    templateId: '301002',
    params: { customer_name: 'beneficiaryName', month: 'period', reason: 'reason' },
  },
  verification_mismatch: {
    templateId: '301005',
    params: { customer_name: 'beneficiaryName', fields: 'mismatchFields', office: 'officeAddress' },
  },
};
const ZALO = { ZALO_APP_ID: '4200000000000000042', ZALO_APP_SECRET: 'fake-app-secret-0123456789', ZALO_OA_ID: '77' };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let linking: LinkingContext;
let telegram: FakeTelegram;
let zalo: FakeZaloOa;
const log = createLogger('silent');
const running: Dispatcher[] = [];
const configured = () => znsRoutingFrom(rt.config);

/** The dispatcher with both edges: the Telegram fake and ZNS through the one OA client, its token store and the Zalo fake. */
async function startDispatcher(
  zns: { mode?: 'development' | 'production'; testPhones?: string[] } = {},
): Promise<Dispatcher> {
  const tokens = zaloTokenStore({ sealer: rt.sealer, log, refreshMarginMs: 3_600_000 });
  await tokens.seed(zalo.issueTokens());
  const client = createZaloOaClient({
    oaRoot: zalo.oaRoot,
    oauthRoot: zalo.oauthRoot,
    znsRoot: zalo.znsRoot,
    appId: zalo.appId,
    appSecret: zalo.appSecret,
    tokens,
  });
  const d = new Dispatcher(
    [
      telegramChannel(telegram.token, { apiRoot: telegram.apiRoot, paidBroadcast: false }),
      new ZaloChannel(client, { oaId: '77', publicUrl: 'http://localhost' }),
      znsChannel({
        client,
        sealer: rt.sealer,
        templates: TEMPLATES,
        mode: zns.mode ?? 'production',
        testPhones: zns.testPhones ?? [],
        rateKey: 'zns:test',
      }),
    ],
    testPolicy({ ratePerSecond: { telegram: 500, zalo: 500, zns: 500 } }),
    log,
  );
  d.start();
  running.push(d);
  return d;
}

const all = async (): Promise<StoredNotification[]> => {
  const ids = (
    await mongoose.connection
      .db!.collection('notifications')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => String(d._id));
  return notifications.byIds(ids);
};
const znsIdOf = (nationalId: string, eventKey: string) =>
  noticeId({ channel: 'zns', address: beneficiaryIdFor(rt.sealer, nationalId), eventKey });
const settle = () => new Promise((r) => setTimeout(r, 600));

beforeAll(async () => {
  rt = await startTestRuntime({
    ...ZALO,
    ZNS_TEMPLATES: JSON.stringify(TEMPLATES),
    ZNS_PROVINCE_DEFAULT: 'on',
  });
  linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  useZnsRouting(configured());
  telegram = await FakeTelegram.start();
  zalo = await startFakeZaloOa();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  await telegram.stop();
  await zalo.stop();
});

describe('a payment import tells each person once, in a chat when they follow one, else by ZNS', () => {
  test('when a payments file marks payments paid, then the Telegram-linked and Zalo-linked people get a chat message, the unlinked one a ZNS with the notice id as tracking id, the one without a phone nothing; a re-import sends nothing new', async () => {
    const onTelegram = aPerson({ fullName: 'Nguyễn Thị Lan' });
    const onZalo = aPerson({ fullName: 'Phạm Văn Đức' });
    const unlinked = aPerson({ fullName: 'Trần Văn Bình', phone: '+84912345678' });
    const noPhone = aPerson({ fullName: 'Lê Thị Cúc', phone: null });
    await register(rt.sealer, [onTelegram, onZalo, unlinked, noPhone]);
    const user = await linkNewChat(linking, onTelegram.nationalId);
    const zaloUser = '5550000000000000001';
    zalo.addUser(zaloUser);
    const { code } = await issueLinkCode(linking, onZalo.nationalId, 'test');
    expect((await redeemCode(linking, { channel: 'zalo', chatId: zaloUser }, code)).kind).toBe('linked');
    await startDispatcher();
    const file = writeCsv(
      rt.tmp,
      'paid.csv',
      PAYMENT_COLUMNS,
      [onTelegram, onZalo, unlinked, noPhone].map((p) =>
        aPaymentRow(p.nationalId, { status: 'paid', paid_at: '2026-11-10' }),
      ),
    );
    const importPayments = () =>
      importFile('payments', file, { sealer: rt.sealer, entryPoint: 'import', actor: 'test' });

    await importPayments();
    await telegram.waitForMessages(user.id, 1, 5000);
    await waitUntil(
      () => zalo.znsSends.length + zalo.messages(zaloUser).length,
      (n) => n >= 2,
      5000,
      'the ZNS and the OA message',
    );
    await settle();

    expect(telegram.sent.map((m) => m.chat_id)).toEqual([user.id]);
    expect(zalo.messages(zaloUser)).toHaveLength(1);
    expect(zalo.messages(zaloUser)[0]!.text).toContain('Phạm Văn Đức');
    expect(zalo.znsSends).toHaveLength(1);
    const [zns] = zalo.znsSends;
    expect(zns!.phone).toBe('84912345678');
    expect(zns!.templateId).toBe('301001');
    expect(zns!.development).toBe(false);
    expect(zns!.templateData).toEqual({
      customer_name: 'Trần Văn Bình',
      month: '11/2026',
      amount: '500.000 ₫',
      paid_date: '10/11/2026',
    });
    const stored = await all();
    expect(stored.map((n) => n.channel).sort()).toEqual(['telegram', 'zalo', 'zns']);
    const byZns = stored.find((n) => n.channel === 'zns')!;
    expect(zns!.trackingId).toBe(byZns.id);
    expect(byZns).toMatchObject({ status: 'sent', providerMessageId: zns!.messageId, lang: 'vi' });
    // The outbox keeps the record, never the number.
    expect(byZns.address).toBe(beneficiaryIdFor(rt.sealer, unlinked.nationalId));
    expect(JSON.stringify(stored)).not.toMatch(/912345678/);
    // What ZNS cost this period shows in the admin stats, apart from the free chats.
    const stats = await notificationStats('2026-11');
    expect([stats.byChannel.zns?.sent, stats.byChannel.telegram?.sent, stats.byChannel.zalo?.sent]).toEqual([1, 1, 1]);

    await importPayments();
    await settle();
    expect(await all()).toHaveLength(3);
    expect(telegram.sent).toHaveLength(1);
    expect(zalo.messages(zaloUser)).toHaveLength(1);
    expect(zalo.znsSends).toHaveLength(1);
  });

  test('when a person who got a ZNS links a chat and the notices are made again, then the chat gets no second copy', async () => {
    const bình = aPerson({ fullName: 'Trần Văn Bình' });
    await register(rt.sealer, [bình]);
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(bình.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    await waitUntil(
      () => zalo.znsSends.length,
      (n) => n >= 1,
      5000,
      'the ZNS',
    );
    const user = await linkNewChat(linking, bình.nationalId);

    // What the sweeper does for a batch whose writer died: the same change, notified again.
    const [p] = await payments.byIds([paymentIdOf(beneficiaryIdFor(rt.sealer, bình.nationalId))]);
    const again = { id: '', paymentId: p!.id, beneficiaryId: p!.beneficiaryId, period: p!.period, kind: p!.kind };
    const made = await notifyPaymentChanges([
      { ...again, version: p!.version, from: null, to: p!.status, at: new Date(), source: 'recovery' },
    ]);
    await settle();

    expect(made).toBe(0);
    expect(telegram.sent.filter((m) => m.chat_id === user.id)).toHaveLength(0);
    expect(zalo.znsSends).toHaveLength(1);
  });

  test('when the ZNS failed (no Zalo account) and the person then links a chat, then made again the notice reaches the chat', async () => {
    const bình = aPerson({ fullName: 'Trần Văn Bình' });
    await register(rt.sealer, [bình]);
    zalo.failNext('zns', { error: -118, message: 'Zalo account not existed' });
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(bình.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    await waitUntil(all, (ns) => ns[0]?.status === 'failed', 5000, 'the failed ZNS');
    const user = await linkNewChat(linking, bình.nationalId);

    const [p] = await payments.byIds([paymentIdOf(beneficiaryIdFor(rt.sealer, bình.nationalId))]);
    const again = { id: '', paymentId: p!.id, beneficiaryId: p!.beneficiaryId, period: p!.period, kind: p!.kind };
    const made = await notifyPaymentChanges([
      { ...again, version: p!.version, from: null, to: p!.status, at: new Date(), source: 'recovery' },
    ]);

    expect(made).toBe(1);
    await telegram.waitForMessages(user.id, 1, 5000);
  });

  test('when every chat linked to a record has blocked the bot, then the notice goes by ZNS instead', async () => {
    const lan = aPerson({ phone: '+84987654321' });
    await register(rt.sealer, [lan]);
    const user = await linkNewChat(linking, lan.nationalId);
    telegram.blockUser(user.id);
    await startDispatcher();
    // The first notice finds the chat blocked and marks it so.
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'failed', failureReason: 'Tài khoản bị khóa' })]);
    await waitUntil(all, (ns) => ns.some((n) => n.status === 'failed'), 5000, 'the blocked chat');

    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-12' })]);
    await waitUntil(
      () => zalo.znsSends.length,
      (n) => n >= 1,
      5000,
      'the ZNS',
    );
    expect(zalo.znsSends.map((z) => [z.phone, z.templateId])).toEqual([['84987654321', '301001']]);
  });
});

test('when the police find a mismatch for a person who follows no chat, then the ZNS names the fields that differ', async () => {
  const lan = aPerson({ phone: '+84913999001' });
  await register(rt.sealer, [lan]);
  await startDispatcher();
  await verifyAccount(rt.sealer, lan.nationalId, 'mismatch', ['full_name', 'date_of_birth']);
  await waitUntil(
    () => zalo.znsSends.length,
    (n) => n >= 1,
    5000,
    'the ZNS',
  );
  expect(zalo.znsSends.map((z) => [z.phone, z.templateId, z.templateData])).toEqual([
    [
      '84913999001',
      '301005',
      { customer_name: 'Nguyễn Thị Lan', fields: 'Họ, chữ đệm và tên, Ngày sinh', office: '-' },
    ],
  ]);
});

describe('what keeps ZNS (which costs money) from sending', () => {
  test('when ZNS is in development mode, then only the configured test phones get it and the others are recorded as skipped', async () => {
    const tester = aPerson({ phone: '+84911000001' });
    const other = aPerson({ phone: '+84911000002' });
    await register(rt.sealer, [tester, other]);
    await startDispatcher({ mode: 'development', testPhones: ['84911000001'] });
    const pays = [tester, other].map((p) => aPayment(p.nationalId, { status: 'paid', paidAt: '2026-11-10' }));
    await register(rt.sealer, [], pays);

    const [skipped] = await waitUntil(
      () =>
        notifications.byIds([znsIdOf(other.nationalId, eventOf(other)), znsIdOf(tester.nationalId, eventOf(tester))]),
      (ns) => ns.length === 2 && ns.every((n) => n.status === 'sent' || n.status === 'cancelled'),
      5000,
      'both settled',
    ).then((ns) => ns.filter((n) => n.address === beneficiaryIdFor(rt.sealer, other.nationalId)));
    expect(zalo.znsSends.map((z) => [z.phone, z.development])).toEqual([['84911000001', true]]);
    expect(skipped).toMatchObject({ status: 'cancelled', attempts: 0 });
    expect(skipped!.failure).toMatch(/^skipped: development mode/);
  });

  test('when a province has switched ZNS off, then its unlinked people get no notice at all; switched on (default off), they do', async () => {
    const lan = aPerson();
    const linked = aPerson();
    await register(rt.sealer, [lan, linked]);
    const user = await linkNewChat(linking, linked.nationalId);
    await setProvinceZns({ scope: OPERATOR, entryPoint: 'cli', now: () => new Date() }, '01', false);
    await startDispatcher();

    await register(
      rt.sealer,
      [],
      [lan, linked].map((p) => aPayment(p.nationalId, { status: 'paid', paidAt: '2026-11-10' })),
    );
    await telegram.waitForMessages(user.id, 1, 5000);
    await settle();
    expect((await all()).map((n) => n.channel)).toEqual(['telegram']);
    expect(zalo.znsSends).toHaveLength(0);

    useZnsRouting({ ...configured(), provinceDefault: false });
    await setProvinceZns({ scope: OPERATOR, entryPoint: 'cli', now: () => new Date() }, '01', true);
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'failed', failureReason: 'Sai số tài khoản' })]);
    await waitUntil(
      () => zalo.znsSends.length,
      (n) => n >= 1,
      5000,
      'the ZNS once switched on',
    );
    expect(zalo.znsSends[0]!.templateData).toEqual({
      customer_name: 'Nguyễn Thị Lan',
      month: '11/2026',
      reason: 'Sai số tài khoản',
    });
  });

  test('when a province never chose and the default is off, then nothing goes by ZNS', async () => {
    useZnsRouting({ ...configured(), provinceDefault: false });
    const lan = aPerson();
    await register(rt.sealer, [lan]);
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    await settle();
    expect(await all()).toHaveLength(0);
    expect(zalo.znsSends).toHaveLength(0);
  });

  test('when a notice type has no ZNS template, or is left out of ZNS_FALLBACK_TYPES, then it is not sent by ZNS', async () => {
    const lan = aPerson();
    const bình = aPerson({ fullName: 'Trần Văn Bình' });
    await register(rt.sealer, [lan, bình]);
    await startDispatcher();
    // verification_verified has no template.
    await verifyAccount(rt.sealer, lan.nationalId, 'verified');
    // payment_failed has one, but the configuration sends only payment_paid by ZNS.
    const onlyPaid = znsRoutingFrom({ ...rt.config, ZNS_FALLBACK_TYPES: 'payment_paid' });
    expect([...onlyPaid.types]).toEqual(['payment_paid']);
    useZnsRouting(onlyPaid);
    await register(rt.sealer, [], [aPayment(bình.nationalId, { status: 'failed', failureReason: 'Sai số tài khoản' })]);
    await settle();
    expect(await all()).toHaveLength(0);
    expect(zalo.znsSends).toHaveLength(0);
    expect(znsRouting().types.has('payment_failed')).toBe(false);
  });

  test('when no Official Account is configured, then ZNS_TEMPLATES alone routes nothing to ZNS', () => {
    expect(znsRoutingFrom({ ...rt.config, ZALO_OA_ID: undefined }).types.size).toBe(0);
    expect([...configured().types].sort()).toEqual(['payment_failed', 'payment_paid', 'verification_mismatch']);
  });
});

describe("Zalo's error envelope becomes the pipeline's outcome", () => {
  test('when Zalo answers -108 (bad phone), then the notice fails for good with Zalo’s code in its log', async () => {
    const lan = aPerson();
    await register(rt.sealer, [lan]);
    zalo.failNext('zns', { error: -108, message: 'Phone number invalid' });
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const [n] = await waitUntil(
      () => notifications.byIds([znsIdOf(lan.nationalId, eventOf(lan))]),
      (ns) => ns[0]?.status === 'failed',
      5000,
      'failed',
    );
    expect(n).toMatchObject({ failure: 'rejected', attempts: 1 });
    expect(n!.log[0]).toMatchObject({ outcome: 'rejected', detail: 'Zalo error -108: Phone number invalid' });
    expect(zalo.znsSends).toHaveLength(0);
  });

  test('when the phone has no Zalo account (-118), then the notice fails as unreachable', async () => {
    const lan = aPerson();
    await register(rt.sealer, [lan]);
    zalo.failNext('zns', { error: -118, message: 'Zalo account not existed' });
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const [n] = await waitUntil(
      () => notifications.byIds([znsIdOf(lan.nationalId, eventOf(lan))]),
      (ns) => ns[0]?.status === 'failed',
      5000,
      'failed',
    );
    expect(n!.failure).toBe('blocked');
  });

  test('when the daily ZNS quota is used up (-144), then the notice waits for the next day in Vietnam without losing a try', async () => {
    const lan = aPerson();
    await register(rt.sealer, [lan]);
    zalo.setQuota('zns', 0);
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const [n] = await waitUntil(
      () => notifications.byIds([znsIdOf(lan.nationalId, eventOf(lan))]),
      (ns) => (ns[0]?.rateLimited ?? 0) >= 1,
      5000,
      'held back',
    );
    expect(n).toMatchObject({ status: 'created', attempts: 0 });
    const local = new Date(n!.notBefore.getTime() + 7 * 3_600_000);
    expect(local.getUTCHours() * 60 + local.getUTCMinutes()).toBeLessThanOrEqual(2);
    expect(n!.notBefore.getTime() - Date.now()).toBeGreaterThan(0);
    expect(n!.notBefore.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000 + 120_000);
  });

  test('when Zalo answers HTTP 500 once, then the notice is tried again and sent', async () => {
    const lan = aPerson();
    await register(rt.sealer, [lan]);
    zalo.failNext('zns', 'http500');
    await startDispatcher();
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const [n] = await waitUntil(
      () => notifications.byIds([znsIdOf(lan.nationalId, eventOf(lan))]),
      (ns) => ns[0]?.status === 'sent',
      5000,
      'sent after a retry',
    );
    expect(n!.attempts).toBe(2);
    expect(n!.log.map((a) => a.outcome)).toEqual(['transient', 'sent']);
    expect(zalo.znsSends).toHaveLength(1);
  });
});

let phones = 0;
/** A beneficiary with a mobile number of their own that ZNS accepts (84 + 9 digits). */
function aPerson(overrides: Partial<BeneficiaryInput> = {}): BeneficiaryInput {
  phones++;
  return aBeneficiary({ phone: `+8491300${String(phones).padStart(4, '0')}`, ...overrides });
}

/** The event key of a record's first (version 1) November payment notice. */
function eventOf(p: { nationalId: string }): string {
  const beneficiaryId = beneficiaryIdFor(rt.sealer, p.nationalId);
  return `payment:${paymentIdOf(beneficiaryId)}:v1`;
}
function paymentIdOf(beneficiaryId: string): string {
  return paymentIdFor(beneficiaryId, '2026-11', 'monthly');
}
