import mongoose from 'mongoose';
import { savePayments } from '../services/register/payments.js';
import { seedLinkedBeneficiary, startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { aPayment } from './support/register.js';

/** Deliveries count toward the place of the person a notice reaches: the notice carries it from creation. */
let srv: MiniappServer;
beforeAll(async () => {
  srv = await startMiniappServer();
}, 60_000);
afterAll(async () => srv?.stop());

test('when a payment notice is created for a followed record, then it carries the record’s province and commune', async () => {
  const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: 7001, zaloUserId: 'z-7001' });
  await savePayments([aPayment(person.nationalId, { status: 'paid', paidAt: '2026-11-10' })], {
    sealer: srv.rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  const notices = await mongoose.connection
    .db!.collection('notifications')
    .find({ beneficiaryId: person.beneficiaryId, template: 'payment_paid' })
    .project({ _id: 0, channel: 1, provinceCode: 1, communeCode: 1 })
    .toArray();
  expect(notices.sort((a, b) => String(a.channel).localeCompare(String(b.channel)))).toEqual([
    { channel: 'telegram', provinceCode: '01', communeCode: '00004' },
    { channel: 'zalo', provinceCode: '01', communeCode: '00004' },
  ]);
});
