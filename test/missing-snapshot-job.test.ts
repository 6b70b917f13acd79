import mongoose from 'mongoose';
import { todayInVietnam } from '../services/format.js';
import { waitUntil } from './support/notify.js';
import { startTestRuntime } from './support/runtime.js';

/** The Agenda job `missing-data-snapshot` as services/runtime.ts registers it: it writes when it first runs. */
let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  rt = await startTestRuntime({}, { jobs: true });
}, 60000);
afterAll(async () => rt.stop());

test('when a worker starts, then the job stores today’s snapshot of every province once, and a second run adds nothing', async () => {
  // The job's clock is the real one: the snapshot is of today in Vietnam.
  const today = todayInVietnam(new Date());
  const days = mongoose.connection.db!.collection('province_days');
  await waitUntil(
    () => days.countDocuments({ day: today, missingAt: { $exists: true } }),
    (n) => n === 34,
    30000,
    'the first run to write 34 snapshots',
  );
  const first = await days.findOne({ _id: `01:${today}` as never });
  await rt.scheduler!.now('missing-data-snapshot');
  const jobs = mongoose.connection.db!.collection('agendaJobs');
  await waitUntil(
    () => jobs.find({ name: 'missing-data-snapshot', lastFinishedAt: { $exists: true } }).toArray(),
    (docs) => docs.length === 2,
    30000,
    'the second run to finish',
  );
  expect(await days.countDocuments({ day: today })).toBe(34);
  expect(await days.findOne({ _id: `01:${today}` as never })).toEqual(first);
  // An empty register: zeros, so the chart has a point for the day rather than a gap.
  expect(first!.missing).toEqual({
    active: 0,
    missingAny: 0,
    missing: { national_id: 0, gender: 0, ethnicity: 0, decision: 0, account: 0 },
  });
});
