import mongoose from 'mongoose';
import { auditLog } from '../models/audit.js';
import { notifications } from '../models/notification.js';
import { enqueueNew } from '../services/notifications/outbox.js';
import { applyRetention } from '../services/retention.js';
import { aPaidNotice } from './support/notify.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());
beforeEach(async () => {
  await emptyDatabase();
});

const NOW = new Date('2027-03-01T00:00:00Z');
const POLICY = { noticeBodyDays: 90, auditYears: 5 };
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const statusOf = (ids: string[], status: string) =>
  mongoose.connection
    .db!.collection('notifications')
    .updateMany({ _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) } }, { $set: { status } });

test('when retention runs, then old final notices lose their values but keep status and ids, and nothing else changes', async () => {
  const [oldSent] = await enqueueNew([aPaidNotice(101, 'paid:old-sent')], daysBefore(120));
  const [oldFailed] = await enqueueNew([aPaidNotice(102, 'paid:old-failed')], daysBefore(91));
  const [oldWaiting] = await enqueueNew([aPaidNotice(103, 'paid:old-waiting')], daysBefore(120));
  const [recentSent] = await enqueueNew([aPaidNotice(104, 'paid:recent-sent')], daysBefore(89));
  await statusOf([oldSent!, recentSent!], 'sent');
  await statusOf([oldFailed!], 'failed');

  expect(await applyRetention(NOW, POLICY)).toMatchObject({ noticeBodies: 2 });
  const byId = new Map(
    (await notifications.byIds([oldSent!, oldFailed!, oldWaiting!, recentSent!])).map((n) => [n.id, n]),
  );
  expect(byId.get(oldSent!)).toMatchObject({ status: 'sent', vars: {}, template: 'payment_paid', address: '101' });
  expect(byId.get(oldFailed!)).toMatchObject({ status: 'failed', vars: {} });
  // A notice still waiting is never stripped (it could not be sent any more), nor a recent one.
  expect(byId.get(oldWaiting!)!.vars).toMatchObject({ beneficiaryName: 'Nguyễn Thị Lan' });
  expect(byId.get(recentSent!)!.vars).toMatchObject({ beneficiaryName: 'Nguyễn Thị Lan' });

  expect(await applyRetention(NOW, POLICY)).toEqual({ noticeBodies: 0, auditEntries: 0 });
});

test('when retention runs, then audit entries older than five years are deleted and younger ones kept', async () => {
  await auditLog.append([{ actor: 'cli', entryPoint: 'cli', action: 'test_recent', entity: 'test', entityIds: [] }]);
  const audit = mongoose.connection.db!.collection('audit_log');
  await audit.insertMany([
    {
      at: new Date('2022-02-28T00:00:00Z'),
      actor: 'cli',
      entryPoint: 'cli',
      action: 'test_old',
      entity: 'test',
      entityIds: [],
    },
    {
      at: new Date('2022-03-02T00:00:00Z'),
      actor: 'cli',
      entryPoint: 'cli',
      action: 'test_kept',
      entity: 'test',
      entityIds: [],
    },
  ]);
  expect(await applyRetention(NOW, POLICY)).toMatchObject({ auditEntries: 1 });
  expect((await audit.find({}).toArray()).map((e) => e.action).sort()).toEqual(['test_kept', 'test_recent']);
});
