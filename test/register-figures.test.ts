import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { registerStats } from '../models/stats.js';
import { importFile } from '../services/imports/run-import.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { readRegisterStats, refreshRegisterStats } from '../services/register/stats.js';
import { aBeneficiaryRow, aPaymentRow, BENEFICIARY_COLUMNS, PAYMENT_COLUMNS, writeCsv } from './support/files.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const COMMUNES = fileURLToPath(new URL('../models/data/communes-demo.csv', import.meta.url));
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'test' });
const csv = (name: string, columns: readonly string[], rows: Record<string, string>[]) =>
  writeCsv(rt.tmp, name, columns, rows);

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  await importFile('communes', COMMUNES, ctx(), { writeRejects: false });
});

describe("the register's figures on the home page", () => {
  test('when beneficiary and payment files are imported after the figures were counted, then the figures show each import as soon as it returns', async () => {
    expect((await refreshRegisterStats()).beneficiaries).toBe(0);
    const rows = [aBeneficiaryRow(), aBeneficiaryRow(), aBeneficiaryRow({ gender: '' })];

    await importFile('beneficiaries', csv('ds.csv', BENEFICIARY_COLUMNS, rows), ctx());
    expect(await readRegisterStats()).toMatchObject({
      beneficiaries: 3,
      byStatus: { active: 3 },
      // The sheet has no account columns: every record lacks account details.
      missing: { gender: 1, account: 3 },
      recordsMissingAny: 3,
      latestPeriod: null,
    });

    const changed = [{ ...rows[0]!, status: 'suspended' }, rows[1]!, { ...rows[2]!, gender: 'nam' }];
    await importFile('beneficiaries', csv('ds-2.csv', [...BENEFICIARY_COLUMNS, 'status'], changed), ctx());
    const after = await readRegisterStats();
    expect([after.beneficiaries, after.byStatus, after.missing, after.recordsMissingAny]).toEqual([
      3,
      { active: 2, suspended: 1 },
      { account: 3 },
      3,
    ]);

    const pays = rows.map((r) => aPaymentRow(r.national_id!));
    await importFile('payments', csv('chi-tra.csv', PAYMENT_COLUMNS, pays), ctx());
    expect(await readRegisterStats()).toMatchObject({ latestPeriod: '2026-11', paymentsByStatus: { scheduled: 3 } });

    pays[0] = { ...pays[0]!, status: 'paid', paid_at: '10/11/2026' };
    await importFile('payments', csv('chi-tra-2.csv', PAYMENT_COLUMNS, pays), ctx());
    expect(await readRegisterStats()).toMatchObject({ paymentsByStatus: { paid: 1, scheduled: 2 } });

    expect(await readRegisterStats()).toEqual({ ...(await refreshRegisterStats()), computedAt: expect.any(Date) });
  });

  test('when the figures were never counted, then the first read counts what the imports wrote', async () => {
    await importFile('beneficiaries', csv('ds.csv', BENEFICIARY_COLUMNS, [aBeneficiaryRow()]), ctx());
    expect(await registerStats.read()).toBeNull();
    expect(await readRegisterStats()).toMatchObject({ beneficiaries: 1 });
  });

  test("when a record is written behind the counters' back, then the next recount repairs the figures", async () => {
    const row = aBeneficiaryRow();
    await importFile('beneficiaries', csv('ds.csv', BENEFICIARY_COLUMNS, [row, aBeneficiaryRow()]), ctx());
    await refreshRegisterStats();
    await mongoose.connection
      .db!.collection('beneficiaries')
      .deleteOne({ _id: new mongoose.Types.ObjectId(beneficiaryIdFor(rt.sealer, row.national_id!)) });
    expect((await readRegisterStats()).beneficiaries).toBe(2);

    await refreshRegisterStats();
    expect((await readRegisterStats()).beneficiaries).toBe(1);
  });

  test('when a writer adds a change after a recount began, or a later recount is stored first, then that recount is not stored', async () => {
    const recount = (iso: string, beneficiaries: number) => ({
      computedAt: new Date(iso),
      beneficiaries,
      byStatus: { active: beneficiaries },
      missing: {},
      recordsMissingAny: 0,
      latestPeriod: null,
      paymentsByStatus: {},
    });
    expect(await registerStats.replace(recount('2026-11-20T03:00:00Z', 2))).toBe(true);
    await registerStats.add({ beneficiaries: 1, byStatus: { active: 1 } }, new Date('2026-11-20T03:00:10Z'));
    expect(await registerStats.replace(recount('2026-11-20T03:00:05Z', 2))).toBe(false);
    expect(await registerStats.read()).toMatchObject({ beneficiaries: 3, byStatus: { active: 3 } });

    expect(await registerStats.replace(recount('2026-11-20T03:01:00Z', 3))).toBe(true);
    expect(await registerStats.replace(recount('2026-11-20T03:00:30Z', 9))).toBe(false);
    expect(await registerStats.read()).toMatchObject({ beneficiaries: 3 });
  });
});
