import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { notifications } from '../models/notification.js';
import { importFile } from '../services/imports/run-import.js';
import { linkPolicy } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import { linkNewChat, testPolicy, waitUntil } from './support/notify.js';
import { aPaymentRow, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/** pino's JSON lines, captured. */
type Line = Record<string, unknown> & { msg: string; correlationId?: string };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeTelegram;
let dispatcher: Dispatcher | null = null;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await dispatcher?.stop();
  await fake.stop();
});

test('when an import creates notices, then their provider calls are logged with the import’s correlation id and no personal data', async () => {
  const raw: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void raw.push(s) });
  const lines = () => raw.map((s) => JSON.parse(s) as Line);
  const people = [
    aBeneficiary(),
    aBeneficiary({ fullName: 'Trần Văn Bình' }),
    aBeneficiary({ fullName: 'Lê Thị Hoa' }),
  ];
  await register(rt.sealer, people);
  const linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
  const users = [];
  for (const p of people) users.push(await linkNewChat(linking, p.nationalId));
  const file = writeCsv(
    rt.tmp,
    'paid.csv',
    PAYMENT_COLUMNS,
    people.map((p) => aPaymentRow(p.nationalId, { status: 'paid', paid_at: '2026-11-10' })),
  );
  // One provider failure: a retried call is logged too, with the same id.
  fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error' });
  dispatcher = new Dispatcher(
    [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
    testPolicy(),
    log.child({ component: 'notifications' }),
  );
  dispatcher.start();

  await importFile('payments', file, { sealer: rt.sealer, entryPoint: 'import', actor: 'test' }, { log });
  await waitUntil(
    () => new Set(fake.sent.map((m) => m.chat_id)).size,
    (n) => n >= 3,
    10000,
    'a message to each of the three chats',
  );

  const started = lines().find((l) => l.msg === 'import started');
  const id = started?.correlationId;
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  expect(lines().find((l) => l.msg === 'import finished')?.correlationId).toBe(id);
  const stored = await notifications.byIds(
    (
      await mongoose.connection
        .collection('notifications')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((d) => String(d._id)),
  );
  expect(stored.map((n) => n.correlationId)).toEqual([id, id, id]);
  const calls = await waitUntil(
    () => lines().filter((l) => l.msg === 'provider call'),
    (c) => c.filter((l) => l.outcome === 'sent').length >= 3,
    5000,
    'three provider calls logged as sent',
  );
  expect(calls.length).toBeGreaterThanOrEqual(4);
  expect(calls.map((l) => l.correlationId)).toEqual(calls.map(() => id));
  expect(calls.some((l) => l.outcome === 'transient')).toBe(true);

  const text = raw.join('');
  for (const p of people) {
    expect(text).not.toContain(p.nationalId);
    expect(text).not.toContain(p.fullName);
  }
  for (const u of users) expect(text).not.toContain(String(u.id));
});
