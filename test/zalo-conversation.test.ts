import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fitToZalo } from '../bot/zalo/replies.js';
import { prepareZalo, ZALO_WEBHOOK_PATH, type ZaloRunner } from '../bot/zalo/run.js';
import { createHttpApp } from '../miniapp/server.js';
import { chats } from '../models/chat.js';
import { officerTaskIdFor, officerTasks } from '../models/officer-task.js';
import { loadConfig } from '../services/config.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { chatIdFor } from '../services/linking/chats.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { inviteOfficer } from '../services/officers/invites.js';
import { recordIdsOf } from '../services/accounts/records.js';
import { miniappPolicy } from '../services/miniapp/policy.js';
import { sessionOf } from '../services/miniapp/sessions.js';
import { signInWithZalo } from '../services/miniapp/sign-in.js';
import { OPERATOR } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { ensureTasks } from '../services/reminders/tasks.js';
import { createZaloOaClient, type ZaloTokenSource } from '../services/zalo/oa-client.js';
import { startFakeZaloOa, type FakeOaMessage, type FakeZaloOa } from './fakes/zalo-oa.js';
import { FakeZaloWebhook } from './fakes/zalo-webhook.js';
import { aBeneficiary, aPayment, register } from './support/register.js';
import { startTestRuntime } from './support/runtime.js';

/*
 * The conversation in Zalo end to end: events signed and delivered over HTTP by Zalo's side of the
 * webhook, replies sent through the one OA client to the loopback fake of Zalo's OA API.
 */

const OA_ID = '1700000000000000017';
const SECRET = 'oa-secret-key-for-tests';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let oa: FakeZaloOa;
let zalo: ZaloRunner;
let webhook: FakeZaloWebhook;
let server: http.Server;
let linking: LinkingContext;
const clock = { now: new Date('2026-11-20T02:00:00Z') };
let serial = 0;
const aZaloUser = (): string => `55500000000000${String(++serial).padStart(5, '0')}`;

beforeAll(async () => {
  rt = await startTestRuntime();
  oa = await startFakeZaloOa();
  const pair = oa.issueTokens();
  const tokens: ZaloTokenSource = { accessToken: async () => pair.accessToken, renew: async () => null };
  const client = createZaloOaClient({
    oaRoot: oa.oaRoot,
    oauthRoot: oa.oauthRoot,
    appId: oa.appId,
    appSecret: oa.appSecret,
    tokens,
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'https://an-sinh.example',
    ZALO_APP_ID: oa.appId,
    ZALO_APP_SECRET: oa.appSecret,
    ZALO_OA_ID: OA_ID,
    ZALO_OA_SECRET_KEY: SECRET,
  });
  linking = { sealer: rt.sealer, policy: linkPolicy(config), now: () => clock.now };
  zalo = (await prepareZalo(config, { linking, log: createLogger('silent'), client, scheduler: null }))!;
  const app = createHttpApp({
    log: createLogger('silent'),
    databaseKind: rt.database.kind,
    schedulerRunning: () => true,
    isShuttingDown: () => false,
    zaloWebhook: { path: ZALO_WEBHOOK_PATH, handler: zalo.webhook },
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ZALO_WEBHOOK_PATH}`;
  webhook = new FakeZaloWebhook({ url, appId: oa.appId, oaId: OA_ID, oaSecretKey: SECRET });
  webhook.setNow(() => clock.now.getTime());
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await oa.stop();
  await rt.stop();
});

/** The person does something in Zalo (which opens the reply window); returns the OA messages it got back. */
async function act(userId: string, event: ReturnType<FakeZaloWebhook['text']>): Promise<FakeOaMessage[]> {
  oa.addUser(userId);
  const before = oa.messages(userId).length;
  expect((await webhook.deliver(event)).attempts).toEqual([200]);
  await zalo.processor.idle();
  return oa.messages(userId).slice(before);
}
const type = (userId: string, text: string) => act(userId, webhook.text(userId, text));
const payloads = (m: FakeOaMessage): unknown[] => m.buttons.map((b) => b.payload);
const only = (ms: FakeOaMessage[]): FakeOaMessage => {
  expect(ms).toHaveLength(1);
  return ms[0]!;
};

/** A record with a paid November; its holder shares this phone. */
async function lanWithPayment(phone: string) {
  const lan = aBeneficiary({ phone: `+${phone}`, fullName: 'Nguyễn Thị Lan', dateOfBirth: '1948-03-12' });
  await register(
    rt.sealer,
    [lan],
    [aPayment(lan.nationalId, { status: 'paid', method: 'bank', paidAt: '2026-11-10', period: '2026-11' })],
  );
  return lan;
}

test('when a person follows the OA, then the greeting comes with the main menu as hidden-query buttons', async () => {
  const user = aZaloUser();
  const greeting = only(await act(user, webhook.follow(user)));
  expect(greeting.kind).toBe('cs');
  expect(greeting.text).toContain('Xin chào! Đây là Tin An Sinh');
  expect(greeting.buttons.map((b) => [b.type, b.title, b.payload])).toEqual([
    ['oa.query.hide', '📱 Liên kết hồ sơ của tôi', 'menu:link'],
    ['oa.query.hide', '💰 Xem tình hình chi trả', 'menu:status'],
    ['oa.query.hide', '❓ Hướng dẫn', 'menu:help'],
    ['oa.query.hide', '🌐 English', 'lang:en'],
  ]);
});

test('when a person follows, shares their phone and answers the second factor, then the record is linked and the status shows the payment', async () => {
  const user = aZaloUser();
  const lan = await lanWithPayment('84912300777');
  await act(user, webhook.follow(user));

  const card = only(await type(user, 'menu:link'));
  expect(card.templateType).toBe('request_user_info');
  expect(card.card!.title).toBe('Chia sẻ số điện thoại để liên kết hồ sơ');

  const ask = only(await act(user, webhook.submitInfo(user, { phone: '84912300777' })));
  expect(ask.text).toContain('4 số cuối của số định danh cá nhân');

  const linked = only(await type(user, lan.nationalId.slice(-4)));
  expect(linked.text).toBe('✅ Đã liên kết hồ sơ: Nguyễn Thị Lan. Bấm «💰 Xem tình hình chi trả» để xem tiền trợ cấp.');
  expect(payloads(linked)).toContain('menu:status');

  const status = only(await type(user, 'menu:status'));
  expect(status.text).toContain('👤 Nguyễn Thị Lan');
  expect(status.text).toContain('500.000 ₫ — ✅ Đã chuyển khoản ngày 10/11/2026');
  expect(payloads(status)).toContain('web:open');
  // A typed question gets the same answer as the button.
  expect(only(await type(user, 'tien ve chua')).text).toBe(status.text);
});

test('when the shared phone is on no record or the answer is wrong, then the reply is the same and wrong answers lock linking', async () => {
  const user = aZaloUser();
  await lanWithPayment('84912300888');
  const asked = only(await act(user, webhook.submitInfo(user, { phone: '84900000001' })));
  expect(asked.text).toContain('4 số cuối của số định danh cá nhân');
  for (let left = 4; left >= 1; left--)
    expect(only(await type(user, '0000')).text).toContain(`Ông/bà còn ${left} lần thử`);
  expect(only(await type(user, '0000')).text).toContain('việc liên kết tạm khóa đến');
  // Locked: even a share of the right phone is refused until the lock ends.
  const again = only(await act(user, webhook.submitInfo(user, { phone: '84912300888' })));
  expect(again.text).toContain('tạm khóa');
});

test('when what was shared has no phone number, then the person is told how to try again', async () => {
  const user = aZaloUser();
  const reply = only(await act(user, webhook.submitInfo(user, { phone: '' })));
  expect(reply.text).toContain('chưa nhận được số điện thoại');
  expect(payloads(reply)).toContain('menu:link');
});

test('when a person sends a link code, then the record is linked; a wrong code counts as a failure', async () => {
  const user = aZaloUser();
  const b = aBeneficiary({ fullName: 'Lê Văn Bình' });
  await register(rt.sealer, [b]);
  expect(only(await type(user, 'ACDE-FGHJ')).text).toContain('Ông/bà còn 4 lần thử');
  const { code } = await issueLinkCode(linking, b.nationalId, 'cli');
  expect(only(await type(user, code.toLowerCase())).text).toContain('✅ Đã liên kết hồ sơ: Lê Văn Bình');
});

test('when a person switches to English, then replies and buttons are in English; help and language choice work', async () => {
  const user = aZaloUser();
  const set = only(await type(user, 'lang:en'));
  expect(set.text).toBe('Language set to English.');
  expect(set.buttons.map((b) => b.title)).toEqual([
    '📱 Link my record',
    '💰 Payment status',
    '❓ Help',
    '🌐 Tiếng Việt',
  ]);
  expect(only(await type(user, 'menu:help')).text).toContain('How to use this bot');
  expect(payloads(only(await type(user, '/lang')))).toEqual(['lang:vi', 'lang:en']);
  expect(only(await type(user, 'lang:vi')).text).toBe('Đã chuyển sang Tiếng Việt.');
});

test('when a linked person asks to unlink, then one button per record comes, and pressing it unlinks', async () => {
  const user = aZaloUser();
  const b = aBeneficiary({ fullName: 'Phạm Thị Cúc' });
  const [id] = await register(rt.sealer, [b]);
  await type(user, (await issueLinkCode(linking, b.nationalId, 'cli')).code);
  const choose = only(await type(user, 'hủy liên kết'));
  expect(choose.buttons.map((x) => [x.title, x.payload])).toEqual([['✖️ Phạm Thị Cúc', `unlink:${id}`]]);
  expect(only(await type(user, `unlink:${id}`)).text).toContain('Đã bỏ liên kết hồ sơ Phạm Thị Cúc');
  expect(only(await type(user, 'menu:status')).text).toContain('Chưa có hồ sơ nào được liên kết');
});

test('when a person unfollows, then the chat is marked blocked; following again opens it', async () => {
  const user = aZaloUser();
  await act(user, webhook.follow(user));
  expect(await act(user, webhook.unfollow(user))).toEqual([]);
  const id = chatIdFor({ channel: 'zalo', chatId: user });
  expect((await chats.byId(id))!.blockedAt).toEqual(clock.now);
  await act(user, webhook.follow(user));
  expect((await chats.byId(id))!.blockedAt).toBeNull();
});

test('when a person sends a photo or a full ID number, then they get the kind reply or the warning, never silence', async () => {
  const user = aZaloUser();
  const photo = only(await act(user, webhook.attachment(user, 'user_send_image')));
  expect(photo.text).toContain('chưa xem được hình ảnh');
  const warned = only(await type(user, 'cccd của tôi 001195012345'));
  expect(warned.text).toContain('Chúng tôi không bao giờ hỏi mật khẩu');
  expect(warned.text).not.toContain('001195012345');
});

test('when an officer redeems an invite in Zalo and presses Done on a task, then the menu comes and the task is closed via Zalo', async () => {
  const operator = { scope: OPERATOR, entryPoint: 'cli' as const, now: () => clock.now };
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  await ensureTasks('01', '2026-12');
  const { code } = await inviteOfficer(
    operator,
    { role: 'commune_officer', communeCodes: ['00004'], name: 'Trần Thu Hằng', phone: '0914099001' },
    { sealer: rt.sealer },
  );
  const user = aZaloUser();
  const menu = only(await type(user, code));
  expect(menu.text).toContain('Chào anh/chị Trần Thu Hằng');
  expect(payloads(menu)).toEqual(['officer:web', 'officer:menu']);
  expect(only(await type(user, 'officer:web')).text).toContain('https://an-sinh.example/app/w/');

  const taskId = officerTaskIdFor('00004', 'payment_list', '2026-12');
  clock.now = new Date('2026-12-20T02:00:00Z');
  webhook.setNow(() => clock.now.getTime());
  const done = only(await type(user, `task:done:${taskId}`));
  expect(done.text).toContain('✅ Đã ghi nhận hoàn thành: Lập danh sách chi trả — Phường Ba Đình, kỳ 12/2026');
  expect(await officerTasks.byId(taskId)).toMatchObject({ status: 'done', completedVia: 'zalo' });

  const stranger = aZaloUser();
  expect(only(await type(stranger, `task:done:${taskId}`)).text).toBe(
    'Chức năng này chỉ dành cho cán bộ. Xin nhập mã mời cán bộ trước.',
  );
});

test('when a person linked in the OA chat opens the Zalo Mini App, then its sign-in sees the same records', async () => {
  const user = aZaloUser();
  const b = aBeneficiary({ fullName: 'Đỗ Văn Tâm' });
  const [id] = await register(rt.sealer, [b]);
  await type(user, (await issueLinkCode(linking, b.nationalId, 'cli')).code);
  // The Graph API answers the mini app with the person's id within the Zalo app, not the OA's.
  const graph = async (token: string) => (token === 'token-of-tam' ? { id: `app-${user}` } : null);
  const ctx = {
    sealer: rt.sealer,
    policy: miniappPolicy(loadConfig({ NODE_ENV: 'test' })),
    telegramBotToken: null,
    zaloIdentity: graph,
    publicUrl: 'https://an-sinh.example',
    now: () => clock.now,
  };
  const opened = await signInWithZalo('token-of-tam', ctx);
  const session = await sessionOf(opened.sessionToken, clock.now);
  expect(session!.subject).toEqual({ kind: 'chat', channel: 'zalo', chatId: user });
  expect(await recordIdsOf(session!.subject)).toEqual([id]);
});

describe("Zalo's limits", () => {
  test('when a text passes 2000 characters, then it goes in pieces cut at line breaks, buttons under the last', () => {
    const line = 'x'.repeat(150);
    const text = Array.from({ length: 30 }, () => line).join('\n');
    const parts = fitToZalo({ kind: 'text', text, buttons: [{ title: 'A', payload: 'a' }] });
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.kind === 'text' && [...p.text].length).toBeLessThanOrEqual(2000);
    expect(parts.map((p) => (p.kind === 'text' ? p.text : '')).join('\n')).toBe(text);
    expect(parts.map((p) => (p.kind === 'text' ? (p.buttons?.length ?? 0) : 0))).toEqual([0, 0, 1]);
  });

  test('when a reply has more than five buttons or a title past 100 characters, then the rest go under a continuation and titles are cut', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ title: `${i}`.repeat(120), payload: `p${i}` }));
    const parts = fitToZalo({ kind: 'text', text: 'Chọn:', buttons });
    expect(parts.map((p) => (p.kind === 'text' ? p.buttons!.length : 0))).toEqual([5, 2]);
    expect(parts[0]!.kind === 'text' && [...parts[0]!.buttons![0]!.title].length).toBe(100);
  });
});
