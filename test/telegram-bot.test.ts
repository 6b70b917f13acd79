import { prepareTelegram, type TelegramRunner } from '../bot/telegram/run.js';
import { loadConfig } from '../services/config.js';
import { periodOf } from '../services/format.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { FakeTelegram, aUser, type SentMessage } from './fakes/telegram-bot-api.js';
import { startTestRuntime } from './support/runtime.js';
import { aBeneficiary, aPayment, register } from './support/register.js';
import { startWebhookBot } from './support/telegram-webhook.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let linking: LinkingContext;
const log = createLogger('silent');
const configFor = (fake: FakeTelegram, extra: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: 'https://an-sinh.example',
    ...extra,
  });
const last = (messages: SentMessage[]): SentMessage => messages[messages.length - 1]!;
const buttons = (
  m: SentMessage,
): { text: string; callback_data?: string; web_app?: { url: string }; request_contact?: boolean }[] =>
  (
    (m.reply_markup as { inline_keyboard?: unknown[][]; keyboard?: unknown[][] }).inline_keyboard ??
    (m.reply_markup as { keyboard: unknown[][] }).keyboard
  ).flat() as never;

beforeAll(async () => {
  rt = await startTestRuntime();
  linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
});
afterAll(async () => {
  await rt.stop();
});

describe('the Telegram bot, polling through the fake Bot API', () => {
  let fake: FakeTelegram;
  let runner: TelegramRunner;
  beforeAll(async () => {
    fake = await FakeTelegram.start();
    runner = prepareTelegram(configFor(fake), linking, log)!;
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await fake.stop();
  });

  test('when the bot starts, then commands are registered in Vietnamese (also the default) and English', () => {
    expect(fake.commandsFor({ language_code: 'vi' })?.map((c) => c.command)).toEqual([
      'start',
      'status',
      'web',
      'unlink',
      'lang',
      'help',
    ]);
    expect(fake.commandsFor()).toEqual(fake.commandsFor({ language_code: 'vi' }));
    expect(fake.commandsFor({ language_code: 'en' })?.[1]).toEqual({
      command: 'status',
      description: 'Payment status',
    });
  });

  test('when a person shares their own contact and answers the last 4 ID digits, then the record is linked', async () => {
    const lan = aBeneficiary({ phone: '+84912300001' });
    await register(rt.sealer, [lan]);
    const user = aUser();
    fake.sendText(user, '/start');
    const [greeting] = await fake.waitForMessages(user.id, 1);
    expect(greeting!.text).toContain('không bao giờ hỏi mật khẩu, mã OTP hay số tài khoản đầy đủ');
    expect(buttons(greeting!)).toContainEqual({ text: '📱 Liên kết hồ sơ của tôi', request_contact: true });

    fake.sendContact(user, { phone_number: '84912300001' });
    expect(last(await fake.waitForMessages(user.id, 2)).text).toContain('4 số cuối của số định danh cá nhân');
    fake.sendText(user, lan.nationalId.slice(-4));
    expect(last(await fake.waitForMessages(user.id, 3)).text).toBe(
      '✅ Đã liên kết hồ sơ: Nguyễn Thị Lan. Bấm «💰 Xem tình hình chi trả» để xem tiền trợ cấp.',
    );
  });

  test('when a person sends a link code by deep link or as plain text, then the record is linked', async () => {
    const lan = aBeneficiary({ fullName: 'Đỗ Thị Mai' });
    await register(rt.sealer, [lan]);
    const viaLink = aUser();
    fake.sendText(viaLink, `/start ${(await issueLinkCode(linking, lan.nationalId, 'cli')).code}`);
    expect(last(await fake.waitForMessages(viaLink.id, 1)).text).toContain('Đã liên kết hồ sơ: Đỗ Thị Mai');
    const viaText = aUser();
    fake.sendText(viaText, (await issueLinkCode(linking, lan.nationalId, 'cli')).code.toLowerCase());
    expect(last(await fake.waitForMessages(viaText.id, 1)).text).toContain('Đã liên kết hồ sơ: Đỗ Thị Mai');
  });

  test('when five wrong answers are sent, then the chat is locked and the right answer no longer links', async () => {
    const lan = aBeneficiary({ phone: '+84912300002' });
    await register(rt.sealer, [lan]);
    const user = aUser();
    fake.sendContact(user, { phone_number: '+84912300002' });
    await fake.waitForMessages(user.id, 1);
    for (let i = 1; i <= 5; i++) {
      fake.sendText(user, '0000');
      await fake.waitForMessages(user.id, 1 + i);
    }
    expect(fake.messagesTo(user.id)[1]!.text).toContain('còn 4 lần thử');
    expect(last(fake.messagesTo(user.id)).text).toContain('tạm khóa');
    fake.sendText(user, lan.nationalId.slice(-4));
    fake.sendContact(user, { phone_number: '+84912300002' });
    const replies = await fake.waitForMessages(user.id, 8);
    expect(replies.slice(6).map((m) => m.text)).toEqual([
      expect.stringContaining('Xin lỗi, tôi chưa hiểu'),
      expect.stringContaining('tạm khóa'),
    ]);
  });

  test("when the shared contact is someone else's, then it is refused without asking anything", async () => {
    await register(rt.sealer, [aBeneficiary({ phone: '+84912300003' })]);
    const user = aUser();
    const other = aUser();
    fake.sendContact(user, { phone_number: '+84912300003', user_id: other.id });
    expect(last(await fake.waitForMessages(user.id, 1)).text).toContain('chỉ chia sẻ số điện thoại của chính ông/bà');
    fake.sendText(user, '0003');
    expect(last(await fake.waitForMessages(user.id, 2)).text).toContain('Xin lỗi, tôi chưa hiểu');
  });

  test('when two records are linked, then /status shows both, pages to older periods and offers the mini-app', async () => {
    const father = aBeneficiary({ fullName: 'Trần Văn Ba' });
    const mother = aBeneficiary({ fullName: 'Lê Thị Tư' });
    const now = periodOf();
    await register(
      rt.sealer,
      [father, mother],
      [aPayment(father.nationalId, { period: now, status: 'paid', paidAt: `${now}-01` })],
    );
    const user = aUser();
    for (const b of [father, mother]) fake.sendText(user, (await issueLinkCode(linking, b.nationalId, 'cli')).code);
    await fake.waitForMessages(user.id, 2);
    fake.sendText(user, '/status');
    const status = last(await fake.waitForMessages(user.id, 3));
    expect(status.text).toContain('👤 Trần Văn Ba');
    expect(status.text).toContain('👤 Lê Thị Tư');
    expect(status.text).toContain('500.000 ₫ — ✅ Đã chuyển khoản');
    expect(buttons(status)).toContainEqual({ text: '📋 Mở ứng dụng', web_app: { url: 'https://an-sinh.example/app' } });

    fake.pressButton(user, status, 'status:1');
    const edited = last(await fake.waitForMessages(user.id, 4));
    expect(edited).toMatchObject({ method: 'editMessageText', message_id: status.message_id });
    expect(edited.text).toContain('Trang 2');
    expect(edited.text).not.toContain('Đã chuyển khoản');
  });

  test('when a linked person asks to open the app in a browser, then a single-use web link comes without a link preview; an unlinked chat is told to link first', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const user = aUser();
    fake.sendText(user, '/web');
    expect(last(await fake.waitForMessages(user.id, 1)).text).toContain('Chưa có hồ sơ nào được liên kết');
    fake.sendText(user, (await issueLinkCode(linking, lan.nationalId, 'cli')).code);
    await fake.waitForMessages(user.id, 2);
    fake.sendText(user, '/status');
    const status = last(await fake.waitForMessages(user.id, 3));
    expect(buttons(status)).toContainEqual({ text: '🌐 Mở trong trình duyệt', callback_data: 'web:open' });
    fake.pressButton(user, status, 'web:open');
    const reply = last(await fake.waitForMessages(user.id, 4));
    expect(reply.text).toMatch(/https:\/\/an-sinh\.example\/app\/w\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\n/);
    expect(reply.text).toContain('chỉ dùng được một lần');
    const sent = fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === user.id).at(-1)!;
    expect(sent.params.link_preview_options).toEqual({ is_disabled: true });
  });

  test('when a linked record is deceased, then the chat is told so with no payment status', async () => {
    const gone = aBeneficiary({ fullName: 'Phạm Văn Năm', status: 'deceased' });
    await register(rt.sealer, [gone], [aPayment(gone.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const user = aUser();
    fake.sendText(user, (await issueLinkCode(linking, gone.nationalId, 'cli')).code);
    await fake.waitForMessages(user.id, 1);
    fake.sendText(user, '💰 Xem tình hình chi trả');
    const status = last(await fake.waitForMessages(user.id, 2));
    expect(status.text).toContain('👤 Phạm Văn Năm\nHồ sơ đã ghi nhận người hưởng đã từ trần');
    expect(status.text).not.toContain('₫');
  });

  test('when sending a reply meets a 429, then the bot waits retry_after and the reply is delivered once', async () => {
    const user = aUser();
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 });
    fake.sendText(user, '/help');
    const [help] = await fake.waitForMessages(user.id, 1, 5000);
    expect(help!.text).toContain('Hướng dẫn sử dụng');
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.error?.code === 429)).toHaveLength(1);
    fake.sendText(user, '/lang');
    await fake.waitForMessages(user.id, 2);
    expect(fake.messagesTo(user.id).filter((m) => m.text.includes('Hướng dẫn sử dụng'))).toHaveLength(1);
  });

  test('when a person switches to English, then replies come in English', async () => {
    const user = aUser();
    fake.sendText(user, '🌐 English');
    expect(last(await fake.waitForMessages(user.id, 1)).text).toBe('Language set to English.');
    fake.sendText(user, 'what is the weather like?');
    expect(last(await fake.waitForMessages(user.id, 2)).text).toContain('Sorry, I did not understand');
  });
});

describe('the Telegram bot in webhook mode', () => {
  test('when an update arrives with a wrong or missing secret, then it is refused with 401; a broken or oversized body with 400 or 413; a right one is answered', async () => {
    const fake = await FakeTelegram.start();
    const bot = await startWebhookBot({
      config: (publicUrl) =>
        configFor(fake, {
          TELEGRAM_MODE: 'webhook',
          TELEGRAM_WEBHOOK_SECRET: 'right-secret-0123456789',
          PUBLIC_URL: publicUrl,
        }),
      linking,
      log,
      databaseKind: rt.database.kind,
    });
    const { runner, publicUrl } = bot;
    try {
      await runner.start();
      expect(fake.webhook).toEqual({ url: `${publicUrl}/telegram/webhook`, secret_token: 'right-secret-0123456789' });
      const user = aUser();
      const update = fake.sendText(user, '/help');
      const post = (headers: Record<string, string>) =>
        fetch(`${publicUrl}/telegram/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(update),
        });
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong-secret-000000000' })).status).toBe(401);
      expect((await post({})).status).toBe(401);
      expect(fake.messagesTo(user.id)).toEqual([]);

      const right = { 'X-Telegram-Bot-Api-Secret-Token': 'right-secret-0123456789' };
      const raw = (body: string) =>
        fetch(`${publicUrl}/telegram/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...right },
          body,
        });
      expect((await raw('{"update_id": 1, "message": ')).status).toBe(400);
      expect((await raw(JSON.stringify({ ...update, padding: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
      expect(fake.messagesTo(user.id)).toEqual([]);

      expect((await fake.deliverToWebhook(update)).status).toBe(200);
      expect((await fake.waitForMessages(user.id, 1))[0]!.text).toContain('Hướng dẫn sử dụng');
    } finally {
      await bot.stop();
      await fake.stop();
    }
  });

  test('when no token is configured, then no bot is built and the log says so', () => {
    const lines: string[] = [];
    const capture = createLogger('info', { write: (s: string) => void lines.push(s) });
    expect(prepareTelegram(loadConfig({ NODE_ENV: 'test' }), linking, capture)).toBeNull();
    expect(lines.join('')).toContain('Telegram bot disabled: TELEGRAM_BOT_TOKEN not set');
  });
});
