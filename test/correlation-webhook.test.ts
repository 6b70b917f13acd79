import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { broadcasts } from '../models/broadcast.js';
import { notifications } from '../models/notification.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import { loadConfig } from '../services/config.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { inviteOfficer } from '../services/officers/invites.js';
import { OPERATOR } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { aUser, FakeTelegram, type FakeUser, type SentMessage, type Update } from './fakes/telegram-bot-api.js';
import { testBroadcastPolicy } from './support/broadcasts.js';
import { linkNewChat, testPolicy, waitUntil } from './support/notify.js';
import { aBeneficiary, register } from './support/register.js';
import { startTestRuntime } from './support/runtime.js';
import { buttons } from './support/telegram-chat.js';
import { startWebhookBot } from './support/telegram-webhook.js';

/** pino's JSON lines, captured. */
type Line = Record<string, unknown> & { msg: string; correlationId?: string; updateId?: number };

const SECRET = 'right-secret-0123456789';
// 10:00 in Hà Nội: outside quiet hours, so the broadcast is due at once.
const NOW = new Date('2026-10-26T03:00:00Z');

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeTelegram;
let bot: Awaited<ReturnType<typeof startWebhookBot>>;
let dispatcher: Dispatcher | null = null;
const raw: string[] = [];
const lines = () => raw.map((s) => JSON.parse(s) as Line);
const log = createLogger('debug', { write: (s: string) => void raw.push(s) });

beforeAll(async () => {
  rt = await startTestRuntime();
  fake = await FakeTelegram.start();
  const linking: LinkingContext = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => NOW };
  bot = await startWebhookBot({
    config: (publicUrl) =>
      loadConfig({
        NODE_ENV: 'test',
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: publicUrl,
      }),
    linking,
    log,
    databaseKind: rt.database.kind,
  });
  await bot.runner.start();
});
afterAll(async () => {
  await dispatcher?.stop();
  await bot.stop();
  await fake.stop();
  await rt.stop();
});

/** Posts an update to the webhook as Telegram does and returns the replies the handling sent. */
async function deliver(user: FakeUser, update: Update, replies = 1): Promise<SentMessage[]> {
  const before = fake.messagesTo(user.id).length;
  expect((await fake.deliverToWebhook(update)).status).toBe(200);
  return (await fake.waitForMessages(user.id, before + replies)).slice(before);
}

test('when an officer sends a broadcast through the webhook, then its copies and their provider calls carry that update’s correlation id', async () => {
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  const people = [aBeneficiary(), aBeneficiary({ fullName: 'Trần Văn Bình' })];
  await register(rt.sealer, people);
  const linking: LinkingContext = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => NOW };
  const followers = [];
  for (const p of people) followers.push(await linkNewChat(linking, p.nationalId));

  const { code } = await inviteOfficer(
    { scope: OPERATOR, entryPoint: 'cli', now: () => NOW },
    { role: 'commune_officer', communeCodes: ['00004'], name: 'Trần Thu Hằng', phone: '0915000777' },
    { sealer: rt.sealer },
  );
  const officer = aUser();
  await deliver(officer, fake.sendText(officer, code));
  const [who] = await deliver(officer, fake.sendText(officer, '/thongbao'));
  await deliver(officer, fake.pressButton(officer, who!, 'bc:who:beneficiaries'));
  const [, rendered] = await deliver(officer, fake.sendText(officer, 'Lịch chi trả\nChi từ ngày 10/12.'), 2);
  const send = buttons(rendered!).find((b) => b.text === '✅ Gửi')!.callback_data!;
  const press = fake.pressButton(officer, rendered!, send);
  await deliver(officer, press);

  // The update's first log line names the id; the broadcast it submitted stores it.
  const received = lines().find((l) => l.msg === 'update received' && l.updateId === press.update_id);
  const id = received?.correlationId;
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  const broadcastId = send.split(':')[2]!;
  expect((await broadcasts.byId(broadcastId))!.correlationId).toBe(id);

  // The pass runs later, in a job of its own; the copies still carry the officer's id.
  await runBroadcastPass(NOW, testBroadcastPolicy());
  const copies = await notifications.byIds(
    (
      await mongoose.connection
        .collection('notifications')
        .find({ broadcastId }, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id)),
  );
  expect(copies).toHaveLength(2);
  expect(copies.map((n) => n.correlationId)).toEqual([id, id]);

  dispatcher = new Dispatcher(
    [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
    testPolicy(),
    log.child({ component: 'notifications' }),
  );
  dispatcher.start();
  const calls = await waitUntil(
    () => lines().filter((l) => l.msg === 'provider call' && l.outcome === 'sent' && l.correlationId === id),
    (c) => c.length >= 2,
    10000,
    'both copies logged as sent under the officer’s correlation id',
  );
  expect(calls).toHaveLength(2);
  for (const f of followers) expect(fake.messagesTo(f.id).some((m) => m.text?.includes('Lịch chi trả'))).toBe(true);
});
