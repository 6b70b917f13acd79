import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { telegramChannel } from '../bot/telegram/channel.js';
import { createHttpApp } from '../miniapp/server.js';
import { notifications } from '../models/notification.js';
import { chats } from '../models/chat.js';
import { importFile } from '../services/imports/run-import.js';
import { chatIdFor, openChat } from '../services/linking/chats.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import type { Channel } from '../services/notifications/channel.js';
import { Dispatcher, type DispatchPolicy } from '../services/notifications/dispatcher.js';
import { enqueue, noticeId } from '../services/notifications/outbox.js';
import { parseQuietHours } from '../services/notifications/quiet-hours.js';
import { finishAbandonedNotices, recoverStaleClaims } from '../services/notifications/sweeper.js';
import { noticeIntents } from '../models/notice-intent.js';
import mongoose from 'mongoose';
import { FakeTelegram, aUser } from './fakes/telegram-bot-api.js';
import { aPaidNotice, anAnnouncement, linkNewChat, messagesPerChat, testPolicy, waitUntil } from './support/notify.js';
import { aPaymentRow, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { aBeneficiary, aPayment, register, verifyAccount } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let linking: LinkingContext;
let fake: FakeTelegram;
const log = createLogger('silent');
const running: Dispatcher[] = [];

function startDispatcher(policy: Partial<DispatchPolicy> = {}, now?: () => Date): Dispatcher {
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
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'import' as const, actor: 'test' });
const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId);

beforeAll(async () => {
  rt = await startTestRuntime();
  linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  await fake.stop();
});

describe('payment and verification changes reach every linked chat once', () => {
  test('when a payments file marks 200 payments paid, then exactly 200 messages go to the right chats with the right amounts; a re-import sends none', async () => {
    const people = Array.from({ length: 200 }, (_, i) => aBeneficiary({ monthlyAmount: 500000 + i * 1000 }));
    await register(rt.sealer, people);
    const users = [];
    for (const p of people) users.push(await linkNewChat(linking, p.nationalId));
    const file = writeCsv(
      rt.tmp,
      'paid.csv',
      PAYMENT_COLUMNS,
      people.map((p, i) =>
        aPaymentRow(p.nationalId, { amount: String(500000 + i * 1000), status: 'paid', paid_at: '2026-11-10' }),
      ),
    );
    startDispatcher();

    await importFile('payments', file, ctx());
    await waitUntil(
      () => fake.sent.length,
      (n) => n >= 200,
      20000,
      '200 messages',
    );
    users.forEach((u, i) => {
      const got = sentTo(u.id);
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toContain(`${(500 + i).toLocaleString('vi-VN')}.000 ₫`);
    });

    await importFile('payments', file, ctx());
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.sent).toHaveLength(200);
  });

  test('when a record is followed by the beneficiary and a guardian, then both chats are told; a deceased record tells no one', async () => {
    const lan = aBeneficiary();
    const gone = aBeneficiary({ fullName: 'Trần Văn Bình', status: 'deceased' });
    await register(rt.sealer, [lan, gone]);
    const self = await linkNewChat(linking, lan.nationalId);
    const daughter = await linkNewChat(linking, lan.nationalId);
    const family = await linkNewChat(linking, gone.nationalId);
    startDispatcher();

    await register(
      rt.sealer,
      [],
      [
        aPayment(lan.nationalId, { status: 'failed', failureReason: 'Tài khoản bị khóa' }),
        aPayment(gone.nationalId, { status: 'paid', paidAt: '2026-11-10' }),
      ],
    );
    await waitUntil(
      () => fake.sent.length,
      (n) => n >= 2,
      5000,
      'two messages',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(self.id)).toHaveLength(1);
    expect(sentTo(daughter.id)).toHaveLength(1);
    expect(sentTo(self.id)[0]!.text).toContain('Tài khoản bị khóa');
    expect(sentTo(family.id)).toHaveLength(0);
  });

  test('when a process died after saving paid payments but before notifying, then the sweeper creates the notices once', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const user = await linkNewChat(linking, lan.nationalId);
    await register(rt.sealer, [], [aPayment(lan.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    // What the dead process left: the payment saved, no notice, its intent still there.
    await mongoose.connection.db!.collection('notifications').deleteMany({});
    const [payment] = await mongoose.connection.db!.collection('payments').find({}).toArray();
    await noticeIntents.open([String(payment!._id)], new Date(Date.now() - 120000));
    expect(await finishAbandonedNotices(60000, log)).toBe(1);
    expect(await finishAbandonedNotices(60000, log)).toBe(0);
    startDispatcher();
    const [msg] = await fake.waitForMessages(user.id, 1, 5000);
    expect(msg!.text).toContain('500.000 ₫');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(user.id)).toHaveLength(1);
  });

  test('when the police report a mismatch, then the linked chat is told which fields differ', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const user = await linkNewChat(linking, lan.nationalId);
    startDispatcher();
    await verifyAccount(rt.sealer, lan.nationalId, 'mismatch', ['date_of_birth']);
    const [msg] = await fake.waitForMessages(user.id, 1, 5000);
    expect(msg!.text).toMatch(/ngày sinh/i);
  });
});

describe('sending', () => {
  test('when the provider answers 429 for a while, then every message still arrives once and no attempt is burned', async () => {
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 }, 6);
    const users = Array.from({ length: 20 }, () => aUser());
    await enqueue(users.map((u) => aPaidNotice(u.id, 'rate-test')));
    startDispatcher();
    await waitUntil(
      () => fake.sent.length,
      (n) => n >= 20,
      15000,
      '20 messages',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect([...messagesPerChat(fake).values()].every((c) => c === 1)).toBe(true);
    expect(fake.sent).toHaveLength(20);
    const stored = await notifications.byIds(
      users.map((u) => noticeId({ channel: 'telegram', address: String(u.id), eventKey: 'rate-test' })),
    );
    expect(
      stored.every((n) => n.status === 'sent' && n.attempts === 1 && /^\d+$/.test(n.providerMessageId ?? '')),
    ).toBe(true);
    expect(stored.reduce((s, n) => s + n.rateLimited, 0)).toBeGreaterThanOrEqual(1);
  });

  test('when a person blocked the bot, then the notice fails, the chat gets nothing more until the person writes again', async () => {
    const user = aUser();
    await openChat({ channel: 'telegram', chatId: String(user.id) });
    fake.blockUser(user.id);
    await enqueue([aPaidNotice(user.id, 'first')]);
    startDispatcher();
    const first = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'first' });
    const [failed] = await waitUntil(
      () => notifications.byIds([first]),
      (r) => r[0]?.status === 'failed',
      5000,
      'failed status',
    );
    expect(failed!.failure).toBe('blocked');
    expect((await chats.byId(chatIdFor({ channel: 'telegram', chatId: String(user.id) })))!.blockedAt).not.toBeNull();

    await enqueue([aPaidNotice(user.id, 'second')]);
    const second = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'second' });
    await waitUntil(
      () => notifications.byIds([second]),
      (r) => r[0]?.status === 'cancelled',
      5000,
      'cancelled status',
    );

    fake.unblockUser(user.id);
    await openChat({ channel: 'telegram', chatId: String(user.id) });
    await enqueue([aPaidNotice(user.id, 'third')]);
    await fake.waitForMessages(user.id, 1, 5000);
  });

  test('when the chat is not found, then the notice fails without retries', async () => {
    fake.failNext('sendMessage', { code: 400, description: 'Bad Request: chat not found' });
    const user = aUser();
    await enqueue([aPaidNotice(user.id, 'gone')]);
    startDispatcher();
    const id = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'gone' });
    const [n] = await waitUntil(
      () => notifications.byIds([id]),
      (r) => r[0]?.status === 'failed',
      5000,
      'failed status',
    );
    expect(n!.failure).toBe('not_found');
    expect(n!.attempts).toBe(1);
  });

  test('when a template variable is missing, then nothing is sent and the notice is a technical failure naming the variable', async () => {
    const user = aUser();
    const broken = aPaidNotice(user.id, 'broken');
    delete (broken.vars as Partial<typeof broken.vars>).amount;
    await enqueue([broken]);
    startDispatcher();
    const id = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'broken' });
    const [n] = await waitUntil(
      () => notifications.byIds([id]),
      (r) => r[0]?.status === 'technical-failure',
      5000,
      'technical failure',
    );
    expect(n!.failure).toContain('amount');
    expect(fake.sent).toHaveLength(0);
  });

  test('when the provider keeps failing with 5xx, then the notice is retried with backoff and ends as a technical failure', async () => {
    fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error' }, 3);
    const user = aUser();
    await enqueue([aPaidNotice(user.id, 'flaky')]);
    startDispatcher({ maxAttempts: 3 });
    const id = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'flaky' });
    const [n] = await waitUntil(
      () => notifications.byIds([id]),
      (r) => r[0]?.status === 'technical-failure',
      8000,
      'technical failure',
    );
    expect(n!.attempts).toBe(3);
    expect(n!.log.map((a) => a.outcome)).toEqual(['transient', 'transient', 'transient']);
  });

  test('when sends hang at the provider, then at most 64 are out without a stored outcome (the crash window) and the rest follow once they settle', async () => {
    let holding = true;
    const waiting: (() => void)[] = [];
    let started = 0;
    const hanging: Channel = {
      name: 'telegram',
      rateKey: 'hanging-provider',
      send: () => {
        started += 1;
        const ok = { ok: true as const, providerMessageId: String(started) };
        return holding ? new Promise((resolve) => waiting.push(() => resolve(ok))) : Promise.resolve(ok);
      },
    };
    const ids = Array.from({ length: 200 }, (_, i) => 610000 + i);
    await enqueue(ids.map((id) => anAnnouncement(id, 'hanging')));
    const d = new Dispatcher([hanging], testPolicy({ ratePerSecond: { telegram: 1000 } }), log);
    d.start();
    running.push(d);
    let startedWhileHanging: number;
    try {
      await waitUntil(
        () => started,
        (n) => n >= 64,
        5000,
        '64 sends started',
      );
      await new Promise((r) => setTimeout(r, 500));
      startedWhileHanging = started;
    } finally {
      // Released whatever happens, or stopping the dispatcher would wait for these sends forever.
      holding = false;
      for (const release of waiting.splice(0)) release();
    }
    expect(startedWhileHanging).toBe(64);
    const stored = await waitUntil(
      () =>
        notifications.byIds(
          ids.map((id) => noticeId({ channel: 'telegram', address: String(id), eventKey: 'hanging' })),
        ),
      (rows) => rows.every((n) => n.status === 'sent'),
      10000,
      'all 200 sent',
    );
    expect(stored).toHaveLength(200);
    expect(started).toBe(200);
  });

  test('when one event is enqueued twice, then one notification exists and one message is sent', async () => {
    const user = aUser();
    expect(await enqueue([aPaidNotice(user.id, 'same')])).toBe(1);
    expect(await enqueue([aPaidNotice(user.id, 'same')])).toBe(0);
    startDispatcher();
    await fake.waitForMessages(user.id, 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(user.id)).toHaveLength(1);
  });
});

describe('lanes, pacing and quiet hours', () => {
  test('when it is 22:30 in Vietnam, then bulk messages wait for the morning and personal notices still go', async () => {
    const night = () => new Date('2026-11-22T15:30:00Z');
    const a = aUser();
    const b = aUser();
    await enqueue([anAnnouncement(a.id, 'night-bulk'), aPaidNotice(b.id, 'night-personal')]);
    startDispatcher({ quietHours: parseQuietHours('21:00-07:00') }, night);
    await fake.waitForMessages(b.id, 1, 5000);
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(a.id)).toHaveLength(0);
  });

  test('when bulk notices became due at different times, then a claim takes the longest-waiting first', async () => {
    const minutes = [50, 10, 40, 20, 30];
    for (const m of minutes)
      await enqueue([anAnnouncement(600000 + m, 'due-order')], new Date(Date.UTC(2026, 10, 22, 9, m)));
    const due = await notifications.due('bulk', new Date(), 3, ['telegram']);
    expect(due.map((n) => n.address)).toEqual(['600010', '600020', '600030']);
  });

  test('when a worker died after claiming, then the sweeper hands the notices back and they are sent once', async () => {
    const user = aUser();
    await enqueue([aPaidNotice(user.id, 'stuck')]);
    const id = noticeId({ channel: 'telegram', address: String(user.id), eventKey: 'stuck' });
    await notifications.claim(await notifications.byIds([id]), 'dead-worker', new Date(Date.now() - 120000));
    expect(await recoverStaleClaims(60000, log)).toBe(1);
    startDispatcher();
    await fake.waitForMessages(user.id, 1, 5000);
    const [n] = await waitUntil(
      () => notifications.byIds([id]),
      (r) => r[0]?.status === 'sent',
      5000,
      'sent status',
    );
    expect(n!.recoveries).toBe(1);
    expect(sentTo(user.id)).toHaveLength(1);
  });
});

describe('GET /api/notifications/stats', () => {
  test('when asked with the admin token, then it counts by status and channel for the period; without it, 401', async () => {
    const token = 'admin-token-for-tests-0123456789';
    const users = [aUser(), aUser()];
    await enqueue(users.map((u) => aPaidNotice(u.id, 'stats')));
    startDispatcher();
    const ids = users.map((u) => noticeId({ channel: 'telegram', address: String(u.id), eventKey: 'stats' }));
    await waitUntil(
      () => notifications.byIds(ids),
      (r) => r.every((n) => n.status === 'sent'),
      5000,
      'both sent',
    );
    const server = http.createServer(
      createHttpApp({
        log,
        databaseKind: rt.database.kind,
        schedulerRunning: () => true,
        isShuttingDown: () => false,
        adminToken: token,
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/api/notifications/stats?period=2026-11`)).status).toBe(401);
      expect(
        (
          await fetch(`${base}/api/notifications/stats?period=2026-11`, {
            headers: { authorization: 'Bearer wrong-token-000000000000000' },
          })
        ).status,
      ).toBe(401);
      const bad = await fetch(`${base}/api/notifications/stats?period=11-2026`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toContain('YYYY-MM');
      const res = await fetch(`${base}/api/notifications/stats?period=2026-11`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as {
        total: number;
        byStatus: Record<string, number>;
        byChannel: Record<string, Record<string, number>>;
      };
      expect(body.total).toBe(2);
      expect(body.byStatus.sent).toBe(2);
      expect(body.byChannel.telegram!.sent).toBe(2);
    } finally {
      server.close();
    }
  });
});
