import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { allProvinces, provinceByCode, provinceFormedFrom } from '../models/provinces.js';
import { accounts } from '../models/account.js';
import { communes } from '../models/commune.js';
import { importFile } from '../services/imports/run-import.js';
import { accountIdFor } from '../models/ids.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { startTestRuntime, emptyDatabase } from './support/runtime.js';
import { aBeneficiaryRow, BENEFICIARY_COLUMNS, writeCsv } from './support/files.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'import' as const, actor: 'test' });

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
});

describe('provinces of 2025', () => {
  test("when the shipped list is read, then it has the 34 provinces and maps former provinces to today's", () => {
    expect(allProvinces()).toHaveLength(34);
    expect(provinceByCode('01')?.name).toBe('Hà Nội');
    expect(provinceFormedFrom('Hà Giang')?.name).toBe('Tuyên Quang');
    expect(provinceByCode('99')).toBeUndefined();
  });
});

describe('importing communes', () => {
  test('when a commune list has good rows, an unknown province and a renamed commune, then each is handled and re-import is a no-op', async () => {
    const cols = ['code', 'name', 'province_code'];
    const first = writeCsv(rt.tmp, 'xa.csv', cols, [
      { code: '00004', name: 'Phường Ba Đình', province_code: '01' },
      { code: '4', name: 'Trùng mã', province_code: '01' },
      { code: '00010', name: 'Xã Lạ', province_code: '99' },
    ]);
    const report = await importFile('communes', first, ctx());
    expect(report).toMatchObject({ created: 1, rejected: 2 });
    expect(report.rejects.map((r) => [r.line, r.column])).toEqual([
      [3, 'code'],
      [4, 'province_code'],
    ]);

    const renamed = writeCsv(rt.tmp, 'xa2.csv', cols, [
      { code: '00004', name: 'Phường Ba Đình mới', province_code: '01' },
    ]);
    expect(await importFile('communes', renamed, ctx())).toMatchObject({ created: 0, updated: 1 });
    expect(await importFile('communes', renamed, ctx())).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect((await communes.all()).map((c) => c.name)).toEqual(['Phường Ba Đình mới']);
  });
});

describe('importing account verifications', () => {
  test('when the police report verified, a mismatch with its fields, and an unknown person, then the account states follow', async () => {
    await importFile(
      'communes',
      writeCsv(
        rt.tmp,
        'c.csv',
        ['code', 'name', 'province_code'],
        [{ code: '00004', name: 'Phường Ba Đình', province_code: '01' }],
      ),
      ctx(),
    );
    const cols = [...BENEFICIARY_COLUMNS, 'account_provider', 'account_number', 'account_holder'];
    const a = aBeneficiaryRow({
      account_provider: 'Agribank',
      account_number: '1234567890123',
      account_holder: 'NGUYEN THI LAN',
    });
    const b = aBeneficiaryRow({
      account_provider: '970436',
      account_number: '0011000123456',
      account_holder: 'TRAN VAN BINH',
    });
    await importFile('beneficiaries', writeCsv(rt.tmp, 'b.csv', cols, [a, b]), ctx());
    const file = writeCsv(
      rt.tmp,
      'v.csv',
      ['national_id', 'result', 'mismatched_fields', 'reason'],
      [
        { national_id: a.national_id!, result: 'đã xác thực', mismatched_fields: '', reason: '' },
        {
          national_id: b.national_id!,
          result: 'sai lệch thông tin',
          mismatched_fields: 'Ngày sinh; Quê quán',
          reason: '',
        },
        { national_id: '009999999999', result: 'verified', mismatched_fields: '', reason: '' },
        { national_id: b.national_id!.slice(0, 11) + '9', result: 'mismatch', mismatched_fields: '', reason: '' },
      ],
    );

    const report = await importFile('account-verifications', file, ctx());
    const again = await importFile('account-verifications', file, ctx());

    expect(report).toMatchObject({ updated: 2, rejected: 2 });
    expect(report.rejects.map((r) => [r.line, r.column])).toEqual([
      [4, 'national_id'],
      [5, 'mismatched_fields'],
    ]);
    expect(again).toMatchObject({ updated: 0, unchanged: 2 });
    const found = await accounts.byIds([a, b].map((x) => accountIdFor(beneficiaryIdFor(rt.sealer, x.national_id!))));
    const accA = found.find((x) => x.beneficiaryId === beneficiaryIdFor(rt.sealer, a.national_id!));
    const accB = found.find((x) => x.beneficiaryId === beneficiaryIdFor(rt.sealer, b.national_id!));
    expect(accA?.verification.state).toBe('verified');
    expect(accA?.current).toMatchObject({
      type: 'bank',
      providerCode: '970405',
      providerName: 'Agribank',
      holderName: 'NGUYEN THI LAN',
    });
    expect(accA?.current.number.last4).toBe('0123');
    expect(accB?.verification).toMatchObject({
      state: 'mismatch',
      mismatchFields: ['date_of_birth', 'place_of_origin'],
    });
  });
});

const enforcesUniqueIndexes = process.env.MONGODB_KIND !== 'embedded';
if (!enforcesUniqueIndexes)
  process.stdout.write(
    'skipping the unique-index test: the embedded CongoDB does not enforce unique indexes (deterministic _ids keep imports idempotent there)\n',
  );

describe('what the database rung guarantees', () => {
  (enforcesUniqueIndexes ? test : test.skip)(
    'when two records claim the same national-ID index, then the unique index refuses the second',
    async () => {
      const coll = mongoose.connection.db!.collection('beneficiaries');
      const index = crypto.randomBytes(8).toString('hex');
      await coll.insertOne({
        _id: new mongoose.Types.ObjectId(),
        nationalId: { index },
        fullName: 'A',
        provinceCode: '01',
        communeCode: '00004',
      });
      await expect(
        coll.insertOne({
          _id: new mongoose.Types.ObjectId(),
          nationalId: { index },
          fullName: 'B',
          provinceCode: '01',
          communeCode: '00004',
        }),
      ).rejects.toMatchObject({ code: 11000 });
    },
  );
});
