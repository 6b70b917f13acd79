import { telegramChannel } from '../bot/telegram/channel.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { enqueue } from '../services/notifications/outbox.js';
import { FakeTelegram, aUser } from './fakes/telegram-bot-api.js';
import { aPaidNotice, anAnnouncement, testPolicy, waitUntil } from './support/notify.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/**
 * Pacing against a fake that enforces Telegram's 30 messages a second, as Telegram does. Run alone
 * (`*.alone.test.ts`): the fake counts arrivals, and other test files on the same cores would bunch them.
 */
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
  dispatcher = null;
  await fake.stop();
});

test('when a personal notice is created during a 5,000-message bulk send at 30/s, then it is delivered within 3 s and the provider never answers 429', async () => {
  fake.setRateLimit({ perSecond: 30 });
  await enqueue(Array.from({ length: 5000 }, (_, i) => anAnnouncement(900000 + i, 'bulk-1')));
  dispatcher = new Dispatcher(
    [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
    testPolicy({ ratePerSecond: { telegram: 30 } }),
    createLogger('silent'),
  );
  dispatcher.start();
  await waitUntil(
    () => fake.sent.length,
    (n) => n >= 20,
    5000,
    'bulk under way',
  );
  const person = aUser();
  const created = Date.now();
  await enqueue([aPaidNotice(person.id, 'urgent')]);
  const [msg] = await fake.waitForMessages(person.id, 1, 3000);
  expect(msg!.at - created).toBeLessThan(3000);
  // Three seconds of sending, so a pacer even slightly over the limit would have met a 429.
  await waitUntil(
    () => fake.sent.length,
    (n) => n >= 90,
    10000,
    '90 messages',
  );
  expect(fake.calls.filter((c) => c.error?.code === 429)).toEqual([]);
});
