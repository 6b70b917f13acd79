import mongoose from 'mongoose';
import { accounts } from '../models/account.js';
import { accountIdFor } from '../models/ids.js';
import { remindBeneficiaries } from '../services/reminders/beneficiaries.js';
import { aBeneficiary, register, verifyAccount } from './support/register.js';
import { seedLinkedBeneficiary, startMiniappServer, type MiniappServer } from './support/miniapp.js';

let srv: MiniappServer;
const ids: Record<string, string> = {};
const REMINDER_TIME = new Date('2026-11-10T09:00:00+07:00');

beforeAll(async () => {
  srv = await startMiniappServer();
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
});
