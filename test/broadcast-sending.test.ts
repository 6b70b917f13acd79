import { telegramChannel } from '../bot/telegram/channel.js';
import { broadcasts } from '../models/broadcast.js';
import { createBroadcast } from '../services/broadcasts/compose.js';
import { approveBroadcast, broadcastProgress, cancelBroadcast } from '../services/broadcasts/control.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import { createLogger } from '../services/log.js';
import { Dispatcher, type DispatchPolicy } from '../services/notifications/dispatcher.js';
import { enqueue } from '../services/notifications/outbox.js';
import { parseQuietHours } from '../services/notifications/quiet-hours.js';
import type { Scope } from '../services/officers/scope.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import {
  acting,
  anOfficerWithChat,
  broadcastCommunes,
  linkChat,
  MESSAGE,
  noticesOf,
  testBroadcastPolicy,
} from './support/broadcasts.js';
import { aPaidNotice, testPolicy, waitUntil } from './support/notify.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeTelegram;
const log = createLogger('silent');
const running: Dispatcher[] = [];
/** The test's clock: what officers and the pass see, and the wall clock quiet hours are judged by. */
const clock = { now: new Date('2026-11-20T03:00:00Z') };
const now = () => clock.now;
let adminA: Scope;
let adminB: Scope;
const AUTHOR_CHAT = 9001;

function startDispatcher(policy: Partial<DispatchPolicy> = {}): Dispatcher {
  const d = new Dispatcher(
    [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
    testPolicy(policy),
    log,
    now,
  );
  d.start();
  running.push(d);
  return d;
}

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());
beforeEach(async () => {
  await emptyDatabase();
  fake = await FakeTelegram.start();
  clock.now = new Date('2026-11-20T03:00:00Z');
  await broadcastCommunes(rt.sealer);
  adminA = (await anOfficerWithChat('admin-a', 'province_admin', '01', [], String(AUTHOR_CHAT))).scope;
  adminB = (await anOfficerWithChat('admin-b', 'province_admin', '01', [], '9002')).scope;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  await fake.stop();
});

/** `n` records each with its own Telegram chat (2000, 2001, …). */
async function audienceOf(n: number): Promise<number[]> {
  const ids = await register(
    rt.sealer,
    Array.from({ length: n }, () => aBeneficiary()),
  );
  for (const [i, id] of ids.entries()) await linkChat(id, { channel: 'telegram', chatId: String(2000 + i) }, 'self');
  return ids.map((_, i) => 2000 + i);
}
const announcements = () => fake.sent.filter((m) => m.text.startsWith('📢'));

test('when a broadcast is cancelled mid-send, then no copy goes after it takes effect and progress adds up', async () => {
  const chatIds = await audienceOf(40);
  const policy = testBroadcastPolicy({ pageSize: 10 });
  const { broadcast } = await createBroadcast(acting(adminA, now), { who: 'beneficiaries', message: MESSAGE }, policy);
  await runBroadcastPass(clock.now, policy);
  startDispatcher({ ratePerSecond: { telegram: 20 } });
  await waitUntil(
    () => announcements().length,
    (n) => n >= 5,
    10_000,
    'the first copies',
  );
  await cancelBroadcast(acting(adminB, now), broadcast.id);
  // It has taken effect once no copy waits or is being sent: a claimed one may still have gone.
  const settled = await waitUntil(
    () => broadcastProgress(acting(adminA, now), broadcast.id),
    (p) => p.pending === 0,
    10_000,
    'every copy final',
  );
  const sentWhenSettled = announcements().length;
  await Promise.all(running.splice(0).map((d) => d.stop()));
  expect(announcements()).toHaveLength(sentWhenSettled);
  expect(settled).toMatchObject({ state: 'cancelled', sent: sentWhenSettled, failed: 0, blocked: 0, total: 40 });
  expect(settled.cancelled).toBe(40 - sentWhenSettled);
  expect(settled.cancelled).toBeGreaterThan(0);
  expect(new Set(announcements().map((m) => m.chat_id)).size).toBe(sentWhenSettled);
  expect(chatIds).toEqual(expect.arrayContaining(announcements().map((m) => m.chat_id)));
});

test('when a broadcast meets quiet hours, then it waits (personal notices still go) and goes at 07:00; the author gets one summary', async () => {
  const chatIds = await audienceOf(3);
  const policy = testBroadcastPolicy({ quietHours: parseQuietHours('21:00-07:00') });
  clock.now = new Date('2026-11-20T15:00:00Z'); // 22:00 in Vietnam
  const { broadcast, preview } = await createBroadcast(
    acting(adminA, now),
    { who: 'beneficiaries', message: MESSAGE },
    policy,
  );
  expect(preview.estimate).toMatchObject({
    pausesForQuietHours: true,
    finishesAt: new Date('2026-11-21T00:00:01Z'), // 07:00:01 the next morning
  });
  await runBroadcastPass(clock.now, policy);
  startDispatcher({ quietHours: parseQuietHours('21:00-07:00') });
  // A personal notice enqueued after the copies goes at once; by then the dispatcher has passed the copies over.
  await enqueue([aPaidNotice(7777, 'paid:quiet-hours')]);
  await fake.waitForMessages(7777, 1);
  // The same claim round that took the personal notice would have taken the copies too, outside quiet hours.
  expect((await noticesOf(broadcast.id)).map((n) => n.status)).toEqual(['created', 'created', 'created']);
  expect(announcements()).toHaveLength(0);
  clock.now = new Date('2026-11-21T00:00:00Z'); // 07:00
  await waitUntil(
    () => announcements().length,
    (n) => n === 3,
    10_000,
    'the copies at 07:00',
  );
  expect(
    announcements()
      .map((m) => m.chat_id)
      .sort(),
  ).toEqual(chatIds);
  // The fake has the messages a moment before the dispatcher records them as sent.
  await waitUntil(
    async () => (await noticesOf(broadcast.id)).map((n) => n.status),
    (statuses) => statuses.every((s) => s === 'sent'),
    10_000,
    'the copies recorded as sent',
  );
  expect(await runBroadcastPass(clock.now, policy)).toMatchObject({ finished: 1 });
  expect((await broadcasts.byId(broadcast.id))!.state).toBe('done');
  const [summary] = await fake.waitForMessages(AUTHOR_CHAT, 1);
  expect(summary!.text).toBe(
    '📊 Kết quả gửi thông báo\n«Lịch chi trả tháng 12»\nĐã gửi tới 3 trên 3 người nhận.\nXem chi tiết trong mục Cán bộ của ứng dụng Tin An Sinh.',
  );
  expect(await runBroadcastPass(clock.now, policy)).toMatchObject({ finished: 0 });
  await enqueue([aPaidNotice(7777, 'paid:after-summary')]);
  await fake.waitForMessages(7777, 2);
  expect(fake.messagesTo(AUTHOR_CHAT)).toHaveLength(1);
});

test('when the approver marks a broadcast urgent, then it goes through quiet hours', async () => {
  await audienceOf(3);
  const policy = testBroadcastPolicy({ quietHours: parseQuietHours('21:00-07:00'), approvalThreshold: 2 });
  clock.now = new Date('2026-11-20T16:00:00Z'); // 23:00 in Vietnam
  const { broadcast } = await createBroadcast(acting(adminA, now), { who: 'beneficiaries', message: MESSAGE }, policy);
  await approveBroadcast(acting(adminB, now), broadcast.id, { urgent: true }, policy);
  expect((await broadcasts.byId(broadcast.id))!.urgent).toBe(true);
  await runBroadcastPass(clock.now, policy);
  startDispatcher({ quietHours: parseQuietHours('21:00-07:00') });
  await waitUntil(
    () => announcements().length,
    (n) => n >= 3,
    10_000,
    'the urgent copies at 23:00',
  );
});

test('when a chat blocked the bot since the expansion, then its copy counts as blocked and the rest as sent', async () => {
  const chatIds = await audienceOf(3);
  const policy = testBroadcastPolicy();
  const { broadcast } = await createBroadcast(acting(adminA, now), { who: 'beneficiaries', message: MESSAGE }, policy);
  await runBroadcastPass(clock.now, policy);
  fake.blockUser(chatIds[1]!);
  startDispatcher();
  const p = await waitUntil(
    () => broadcastProgress(acting(adminA, now), broadcast.id),
    (v) => v.pending === 0,
    10_000,
    'every copy final',
  );
  expect(p).toMatchObject({ sent: 2, blocked: 1, failed: 0, cancelled: 0, total: 3, people: 3 });
});
