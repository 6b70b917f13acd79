import mongoose from 'mongoose';
import { accounts } from '../models/account.js';
import { accountIdFor } from '../models/ids.js';
import { jobMarks } from '../models/job-mark.js';
import { accountReminderMark, remindBeneficiaries } from '../services/reminders/beneficiaries.js';
import { CommandCounter, monitoredUri } from '../bench/support/commands.js';
import { aBeneficiary, register, verifyAccount } from './support/register.js';
import { seedLinkedBeneficiary, startMiniappServer, type MiniappServer } from './support/miniapp.js';

let srv: MiniappServer;
let commands: CommandCounter;
const ids: Record<string, string> = {};
const REMINDER_TIME = new Date('2026-11-10T09:00:00+07:00');

beforeAll(async () => {
  // Commands counted by the driver's monitoring: what a run reads is observed, not assumed.
  srv = await startMiniappServer({ MONGODB_URI: monitoredUri(process.env.MONGODB_URI!) });
  commands = CommandCounter.forMongoose();
  const rt = srv.rt;
  // Imported details, never confirmed: reminded as unconfirmed.
  ids.unconfirmed = (await seedLinkedBeneficiary(rt, { telegramUserId: 7001 })).beneficiaryId;
  // Confirmed for November: left alone.
  ids.confirmed = (await seedLinkedBeneficiary(rt, { telegramUserId: 7002 })).beneficiaryId;
  await accounts.confirm(accountIdFor(ids.confirmed), {
    period: '2026-11',
    at: new Date('2026-10-20T03:00:00Z'),
    version: 1,
    via: 'telegram',
  });
  // A police mismatch: reminded even though confirmed.
  const mismatch = await seedLinkedBeneficiary(rt, { telegramUserId: 7003 });
  ids.mismatch = mismatch.beneficiaryId;
  await verifyAccount(rt.sealer, mismatch.nationalId, 'mismatch', ['date_of_birth']);
  // No account at all, followed by two chats: both reminded.
  ids.missing = (
    await seedLinkedBeneficiary(rt, { telegramUserId: 7004, zaloUserId: 'z-7004', overrides: { account: null } })
  ).beneficiaryId;
  // Deceased after linking: never.
  const dead = aBeneficiary();
  ids.dead = (await seedLinkedBeneficiary(rt, { telegramUserId: 7005, overrides: dead })).beneficiaryId;
  await register(rt.sealer, [{ ...dead, status: 'deceased' }]);
  // Paid in cash at the post office: no account to ask about.
  ids.cash = (
    await seedLinkedBeneficiary(rt, { telegramUserId: 7006, overrides: { paymentMethod: 'cash_post' } })
  ).beneficiaryId;
  // Not linked to any chat: nobody to tell.
  await register(rt.sealer, [aBeneficiary()]);
});
afterAll(async () => {
  await srv.stop();
});

const reminders = () =>
  mongoose.connection
    .db!.collection('notifications')
    .find({ template: 'account_reminder' })
    .toArray() as unknown as Promise<
    { beneficiaryId: string; channel: string; lane: string; period: string; vars: { reason: string } }[]
  >;

describe("the beneficiaries' pre-period reminder", () => {
  test('when it is not the reminder day, or before its time, then nobody is reminded', async () => {
    expect(await remindBeneficiaries(new Date('2026-11-09T09:00:00+07:00'))).toEqual({ created: 0 });
    expect(await remindBeneficiaries(new Date('2026-11-10T08:59:00+07:00'))).toEqual({ created: 0 });
    expect(await remindBeneficiaries(new Date('2026-11-11T09:00:00+07:00'))).toEqual({ created: 0 });
    expect(await reminders()).toEqual([]);
  });

  test('when it runs on the 10th at 09:00, then exactly the right people are reminded about December, once per chat, in the bulk lane', async () => {
    expect(await remindBeneficiaries(REMINDER_TIME)).toEqual({ created: 4 });
    const sent = await reminders();
    expect(sent.map((n) => `${n.beneficiaryId} ${n.channel} ${n.vars.reason}`).sort()).toEqual(
      [
        `${ids.unconfirmed} telegram unconfirmed`,
        `${ids.mismatch} telegram mismatch`,
        `${ids.missing} telegram missing`,
        `${ids.missing} zalo missing`,
      ].sort(),
    );
    expect(new Set(sent.map((n) => `${n.lane} ${n.period}`))).toEqual(new Set(['bulk 2026-12']));
  });

  test('when it runs twice for the same instant (or later the same day), then nothing new is created', async () => {
    expect(await remindBeneficiaries(REMINDER_TIME)).toEqual({ created: 0 });
    expect(await remindBeneficiaries(new Date('2026-11-10T15:00:00+07:00'))).toEqual({ created: 0 });
    expect(await reminders()).toHaveLength(4);
  });

  test('when the pass for a period has finished, then a later run reads only its mark: no chat link, nothing created, the mark unchanged', async () => {
    const mark = await jobMarks.byKey(accountReminderMark('2026-12'));
    expect(mark).toMatchObject({ doneAt: REMINDER_TIME });
    const later = await commands.during(() => remindBeneficiaries(new Date('2026-11-10T09:15:00+07:00')));
    expect(later.result).toEqual({ created: 0 });
    expect(later.commands).toEqual({ 'find job_marks': 1 });
    expect(await jobMarks.byKey(accountReminderMark('2026-12'))).toEqual(mark);
  });

  test('when a pass stops after its first page, then the next run resumes after that page and each chat is reminded once', async () => {
    const at = new Date('2026-12-10T09:00:00+07:00'); // for January 2027; the November confirmation still counts
    const links = (await mongoose.connection.db!.collection('chat_links').find({}).sort({ _id: 1 }).toArray()).map(
      (l) => String(l._id),
    );
    const stop = () => {
      throw new Error('stopped after the first page');
    };
    await expect(remindBeneficiaries(at, undefined, { pageSize: 2, afterPage: stop })).rejects.toThrow(
      'stopped after the first page',
    );
    const key = accountReminderMark('2027-01');
    expect(await jobMarks.byKey(key)).toMatchObject({ cursor: links[1], doneAt: null });
    const firstPage = (await reminders()).filter((n) => n.period === '2027-01').length;

    const resumed = await commands.during(() => remindBeneficiaries(at, undefined, { pageSize: 2 }));
    // Pages of two after the first: the links left, and one empty read when they fill the last page.
    expect(resumed.commands['find chat_links']).toBe(Math.floor((links.length - 2) / 2) + 1);
    expect(firstPage + resumed.result.created).toBe(4);
    const january = (await reminders()).filter((n) => n.period === '2027-01');
    expect(january.map((n) => `${n.beneficiaryId} ${n.channel}`).sort()).toEqual(
      [
        `${ids.unconfirmed} telegram`,
        `${ids.mismatch} telegram`,
        `${ids.missing} telegram`,
        `${ids.missing} zalo`,
      ].sort(),
    );
    expect((await jobMarks.byKey(key))!.doneAt).toEqual(at);
  });
});
