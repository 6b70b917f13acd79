import mongoose from 'mongoose';
import { payments } from '../models/payment.js';
import { paymentRoutes } from '../models/payment-routing.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { paymentIdFor } from '../models/ids.js';
import { savePayments } from '../services/register/payments.js';
import { saveBeneficiaries } from '../services/register/beneficiaries.js';
import { aBeneficiary, aPayment } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'import' as const, actor: 'test' });
const paymentOf = async (nationalId: string) =>
  (await payments.byIds([paymentIdFor(beneficiaryIdFor(rt.sealer, nationalId), '2026-11', 'monthly')]))[0];

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
});

describe('payment routes (what a payment row needs to know about its beneficiary)', () => {
  test('when a beneficiary with a bank account is stored, then a payment shows its place and masked account from the route', async () => {
    const person = aBeneficiary({
      communeCode: '00103',
      account: { providerCode: '970405', number: '1002003004567', holderName: 'Nguyễn Thị Lan' },
    });
    await saveBeneficiaries([person], ctx());

    const route = (await paymentRoutes.byBeneficiaryIds([beneficiaryIdFor(rt.sealer, person.nationalId)])).get(
      beneficiaryIdFor(rt.sealer, person.nationalId),
    );
    await savePayments([aPayment(person.nationalId, { status: 'paid', paidAt: '2026-11-05' })], ctx());

    expect(route).toMatchObject({
      provinceCode: '01',
      communeCode: '00103',
      paymentMethod: 'bank',
      destination: { last4: '4567', providerName: 'Agribank' },
    });
    expect(await paymentOf(person.nationalId)).toMatchObject({
      communeCode: '00103',
      method: 'bank',
      destinationMasked: '•••• 4567',
      destinationProvider: 'Agribank',
    });
  });

  test('when a record moves to another commune and is paid in cash, then the next payment follows the new route', async () => {
    const person = aBeneficiary();
    await saveBeneficiaries([person], ctx());
    await saveBeneficiaries([{ ...person, communeCode: '00008', paymentMethod: 'cash_post' }], ctx());

    await savePayments([aPayment(person.nationalId)], ctx());

    expect(await paymentOf(person.nationalId)).toMatchObject({
      communeCode: '00008',
      method: 'cash_post',
      destinationMasked: null,
      destinationProvider: null,
    });
  });

  test('when account details arrive in a later file for an unchanged record, then the route gains the destination', async () => {
    const person = aBeneficiary({ account: null });
    await saveBeneficiaries([person], ctx());
    await saveBeneficiaries(
      [{ ...person, account: { providerCode: '970436', number: '0011000123456', holderName: 'NGUYEN THI LAN' } }],
      ctx(),
    );

    await savePayments([aPayment(person.nationalId)], ctx());

    expect(await paymentOf(person.nationalId)).toMatchObject({
      destinationMasked: '•••• 3456',
      destinationProvider: 'Vietcombank',
    });
  });

  test('when a crash left a record without its route, then the payment import reads the record and its account and writes the route', async () => {
    const person = aBeneficiary();
    await saveBeneficiaries([person], ctx());
    const id = beneficiaryIdFor(rt.sealer, person.nationalId);
    await mongoose.connection.db!.collection('payment_routes').deleteMany({});

    const saved = await savePayments([aPayment(person.nationalId), aPayment('009999999999')], ctx());

    expect(saved).toMatchObject({ created: 1, unknown: [1] });
    expect(await paymentOf(person.nationalId)).toMatchObject({
      communeCode: '00004',
      destinationMasked: expect.stringMatching(/^•••• \d{4}$/),
    });
    expect((await paymentRoutes.byBeneficiaryIds([id])).get(id)).toMatchObject({
      communeCode: '00004',
      paymentMethod: 'bank',
    });
  });
});
