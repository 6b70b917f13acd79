import mongoose from 'mongoose';
import { waitUntil } from './support/notify.js';
import { seedBaDinhOfficer } from './support/ba-dinh-officer.js';
import { startTestRuntime } from './support/runtime.js';

/** The Agenda job `reminder-pass` in this process: what the scheduler records when a part fails. */
let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  rt = await startTestRuntime({ REMINDER_PASS_EVERY_MS: '86400000' }, { jobs: true });
  await seedBaDinhOfficer(rt.sealer, 'job-test');
}, 60000);
afterAll(async () => rt.stop());

test("when the beneficiaries' part fails, then the job is recorded as failed naming it, and the officers' reminders are created all the same", async () => {
  // A link whose record id is not an id: the beneficiaries' pass cannot read its page.
  await mongoose.connection
    .db!.collection('chat_links')
    .insertOne({ channel: 'telegram', chatId: '7999', beneficiaryId: 'broken' });
  const at = '2026-12-10T09:00+07:00'; // the account reminder's day; nothing due for officers
  const officersDue = '2026-12-16T08:00+07:00'; // monthly changes 5 days before, no account reminder
  await rt.scheduler!.now('reminder-pass', { at });
  await rt.scheduler!.now('reminder-pass', { at: officersDue });

  const jobs = mongoose.connection.db!.collection('agendaJobs');
  const finished = await waitUntil(
    () => jobs.find({ name: 'reminder-pass', 'data.at': { $in: [at, officersDue] } }).toArray(),
    (docs) => docs.length === 2 && docs.every((d) => d.lastFinishedAt),
    30000,
    'both runs to finish',
  );
  const byAt = new Map(finished.map((d) => [(d.data as { at: string }).at, d]));
  expect(byAt.get(at)!.failReason).toBe("reminder parts failed: beneficiaries' account reminder");
  expect(byAt.get(officersDue)!.failReason ?? null).toBeNull();
  // By its event key: the recurring run, as of the real date, may add reminders of its own.
  const notices = mongoose.connection.db!.collection('notifications');
  expect(await notices.countDocuments({ eventKey: 'task-reminder:00004:monthly_changes:2026-12:before:5' })).toBe(1);
  expect(await notices.countDocuments({ template: 'account_reminder' })).toBe(0);
});
