import mongoose from 'mongoose';
import { chats } from '../models/chat.js';
import { nativeDb } from '../models/db/connection.js';
import { stableId } from '../models/ids.js';
import { officers } from '../models/officer.js';
import { Scheduler } from '../services/jobs/scheduler.js';
import { chatIdFor } from '../services/linking/chats.js';
import { createLogger } from '../services/log.js';
import { saveCommunes } from '../services/register/communes.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import { seedLinkedBeneficiary } from './support/miniapp.js';
import { startWorker, waitUntil } from './support/notify.js';
import { startTestRuntime } from './support/runtime.js';

/**
 * Two `npm run worker` processes on one database, each running the reminder job and a dispatcher,
 * sending through one Telegram fake. The job is queued with the instants to run as (`{ at }`), each
 * twice, so both workers may run the same instant at once.
 *
 * October 2026: monthly changes are due Tuesday 20/10, the payment list Monday 26/10 (the 25th is a Sunday).
 */
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeTelegram;
const workers: ReturnType<typeof startWorker>[] = [];
const OFFICER_CHATS = [610001, 610002, 610003, 610004];
const BENEFICIARY_CHATS = [620001, 620002, 620003];

beforeAll(async () => {
  rt = await startTestRuntime();
  fake = await FakeTelegram.start();
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
    ],
    { sealer: rt.sealer, entryPoint: 'import', actor: 'test' },
  );
  // Two officers per commune, each with a chat.
  for (const [i, id] of OFFICER_CHATS.entries()) {
    const c = { channel: 'telegram' as const, chatId: String(id) };
    await chats.open(chatIdFor(c), c.channel, c.chatId);
    await officers.insertIfAbsent({
      id: stableId('officer', String(id)),
      name: `Cán bộ ${i + 1}`,
      phone: { sealed: 'x', index: `i-${id}`, last4: String(id).slice(-4) } as never,
      role: 'commune_officer',
      provinceCode: '01',
      communeCodes: [i < 2 ? '00004' : '00008'],
      chats: [c],
    });
  }
  // Imported account details never confirmed: each reminded before the period.
  for (const id of BENEFICIARY_CHATS) await seedLinkedBeneficiary(rt, { telegramUserId: id });
}, 60000);
afterAll(async () => {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill('SIGTERM');
      await w.exited;
    }
  }
  await fake.stop();
  await rt.stop();
});

test('when two workers run the reminder job for the same instants, then each reminder reaches its chat once', async () => {
  const env = {
    MONGODB_URI: process.env.MONGODB_URI!,
    MONGODB_KIND: process.env.MONGODB_KIND ?? 'mongodb',
    DATABASE_NAME: rt.config.DATABASE_NAME,
    DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY!,
    DATA_DIR: rt.tmp,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    JOBS_PROCESS_EVERY_MS: '200',
    JOBS_LOCK_LIFETIME_MS: '10000',
    NOTIFY_POLL_MS: '100',
    NOTIFY_PER_CHAT_INTERVAL_MS: '0',
    // The recurring run (as of now) once at start; the instants under test come as queued jobs.
    REMINDER_PASS_EVERY_MS: '86400000',
    LOG_LEVEL: 'info',
  };
  for (let i = 0; i < 2; i++) workers.push(startWorker(env));
  for (const w of workers)
    await waitUntil(
      () => w.output(),
      (out) => out.includes('notification dispatcher started'),
      30000,
      'a worker to start',
    );

  // Queued from here, run by whichever worker locks each job first.
  const queue = new Scheduler(nativeDb(), { processEveryMs: 200, lockLifetimeMs: 10000 }, createLogger('silent'));
  const instants = [
    '2026-10-10T09:00+07:00', // beneficiaries, before November: 3
    '2026-10-15T08:00+07:00', // monthly changes, 5 days before: 4 officers
    '2026-10-21T08:00+07:00', // payment list 5 days before, and monthly changes 1st day late: 8
  ];
  for (const at of instants) for (let copy = 0; copy < 2; copy++) await queue.now('reminder-pass', { at });

  const jobs = mongoose.connection.db!.collection('agendaJobs');
  const queued = { name: 'reminder-pass', 'data.at': { $in: instants } };
  await waitUntil(
    () => jobs.countDocuments({ ...queued, lastFinishedAt: { $ne: null } }),
    (n) => n === instants.length * 2,
    60000,
    'the six queued runs to finish',
  );
  expect(await jobs.countDocuments({ ...queued, failedAt: { $ne: null } })).toBe(0);
  await waitUntil(
    () =>
      mongoose.connection.db!.collection('notifications').countDocuments({ status: { $in: ['created', 'sending'] } }),
    (n) => n === 0,
    60000,
    'the outbox sent',
  );

  // Which worker ran what varies from run to run; printed, so a run shows whether both took a share.
  const runs = workers.map((w) => w.output().split('reminders created notices').length - 1);
  process.stdout.write(`[reminder workers] runs that created notices, per worker: ${runs.join(', ')}\n`);

  // Only what the queued instants are about: the recurring run, as of the real date, may add its own.
  const ours = fake.sent.filter((m) => /Kỳ 10\/2026|tháng 11\/2026/.test(m.text ?? ''));
  const perChat = (ids: number[]) => ids.map((id) => ours.filter((m) => m.chat_id === id).length);
  expect(perChat(OFFICER_CHATS)).toEqual([3, 3, 3, 3]);
  expect(perChat(BENEFICIARY_CHATS)).toEqual([1, 1, 1]);
  expect(ours).toHaveLength(15);
  const copies = new Map<string, number>();
  for (const m of fake.sent) copies.set(`${m.chat_id} ${m.text}`, (copies.get(`${m.chat_id} ${m.text}`) ?? 0) + 1);
  expect([...copies.values()].every((n) => n === 1)).toBe(true);
}, 120000);
