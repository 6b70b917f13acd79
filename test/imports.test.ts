import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beneficiaries } from '../models/beneficiary.js';
import { payments } from '../models/payment.js';
import { auditLog } from '../models/audit.js';
import { importFile } from '../services/imports/run-import.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { paymentIdFor } from '../models/ids.js';
import { AppError } from '../services/errors.js';
import { startTestRuntime, emptyDatabase } from './support/runtime.js';
import {
  aBeneficiaryRow,
  aPaymentRow,
  BENEFICIARY_COLUMNS,
  PAYMENT_COLUMNS,
  writeCsv,
  writeXlsx,
} from './support/files.js';

const COMMUNES = fileURLToPath(new URL('../models/data/communes-demo.csv', import.meta.url));
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
  await importFile('communes', COMMUNES, ctx(), { writeRejects: false });
});

describe('importing beneficiaries', () => {
  test('when a file mixes good and bad rows, then good rows are stored and each bad one is reported by line, column and reason', async () => {
    const good = aBeneficiaryRow({ national_id: '0012 3456 7890' });
    const rows = [
      good,
      aBeneficiaryRow({ national_id: '12345678901' }),
      aBeneficiaryRow({ commune_code: '99999' }),
      aBeneficiaryRow({ date_of_birth: '31/02/1950' }),
      aBeneficiaryRow({ phone: '0123' }),
      aBeneficiaryRow({ national_id: '001234567890', full_name: 'Người Trùng' }),
      aBeneficiaryRow({ gender: '', ethnicity: '', decision_number: '' }),
    ];
    const file = writeCsv(rt.tmp, 'ds.csv', BENEFICIARY_COLUMNS, rows);

    const report = await importFile('beneficiaries', file, ctx());

    expect(report).toMatchObject({ rowsRead: 7, created: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(report.rejects.map((r) => [r.line, r.column])).toEqual([
      [3, 'national_id'],
      [4, 'commune_code'],
      [5, 'date_of_birth'],
      [6, 'phone'],
      [7, 'national_id'],
    ]);
    expect(report.rejects[0]!.reason).toContain('12 chữ số');
    expect(report.rejects[4]!.reason).toContain('trùng với dòng 2');
    const stored = await beneficiaries.byId(beneficiaryIdFor(rt.sealer, '001234567890'));
    expect(stored?.fullName).toBe('Nguyễn Thị Lan');
    expect(stored?.nationalId.last4).toBe('7890');
    expect(rt.sealer.open(stored!.nationalId.sealed)).toBe('001234567890');
    expect(JSON.stringify(stored)).not.toContain('001234567890');
    const incomplete = await beneficiaries.byId(beneficiaryIdFor(rt.sealer, rows[6]!.national_id!));
    expect(incomplete?.missing).toEqual(['gender', 'ethnicity', 'decision', 'account']);

    const rejects = fs.readFileSync(report.rejectsFile!, 'utf8');
    expect(rejects.startsWith('\uFEFFline,reason,national_id')).toBe(true);
    expect(rejects.split('\n').filter(Boolean)).toHaveLength(6);
  });

  test('when the same file is imported twice, then the second run changes nothing', async () => {
    const file = writeCsv(rt.tmp, 'again.csv', BENEFICIARY_COLUMNS, [aBeneficiaryRow(), aBeneficiaryRow()]);
    await importFile('beneficiaries', file, ctx());
    const auditBefore = (await auditLog.recent(100)).length;

    const second = await importFile('beneficiaries', file, ctx());

    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect((await auditLog.recent(100)).length).toBe(auditBefore);
  });

  test('when a row changes between imports, then only that record is updated and audited', async () => {
    const a = aBeneficiaryRow();
    const b = aBeneficiaryRow();
    await importFile('beneficiaries', writeCsv(rt.tmp, 'v1.csv', BENEFICIARY_COLUMNS, [a, b]), ctx());

    const report = await importFile(
      'beneficiaries',
      writeCsv(
        rt.tmp,
        'v2.csv',
        [...BENEFICIARY_COLUMNS, 'status'],
        [
          { ...a, status: 'đang hưởng' },
          { ...b, status: 'đã từ trần' },
        ],
      ),
      ctx(),
    );

    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await beneficiaries.byId(beneficiaryIdFor(rt.sealer, b.national_id!)))?.status).toBe('deceased');
    expect((await auditLog.recent(1))[0]).toMatchObject({
      action: 'update',
      entity: 'beneficiary',
      entryPoint: 'import',
    });
  });

  test('when an XLSX has Vietnamese headers, a date cell and an ID number that lost its leading zero, then it imports', async () => {
    const header = [
      'Số định danh cá nhân',
      'Họ, chữ đệm và tên',
      'Ngày sinh',
      'Giới tính',
      'Dân tộc',
      'Số điện thoại',
      'Mã tỉnh',
      'Mã xã',
      'Nhóm đối tượng',
      'Số quyết định',
      'Ngày quyết định',
      'Mức trợ cấp hằng tháng',
      'Hình thức chi trả',
    ];
    const file = await writeXlsx(rt.tmp, 'danh-sach.xlsx', header, [
      [
        1234567891,
        'Trần Văn Bình',
        new Date(Date.UTC(1950, 4, 17)),
        'Nam',
        'Tày',
        '+84 912 000 111',
        1,
        103,
        'Người có công',
        '7/QĐ',
        '01/02/2024',
        1500000,
        'Tiền mặt tại bưu điện',
      ],
    ]);

    // A read error surfaces as "tệp hỏng"; show its cause if one ever happens here.
    const report = await importFile('beneficiaries', file, ctx()).catch(
      (err: { message: string; details?: unknown }) => {
        throw new Error(`${err.message} — ${JSON.stringify(err.details)}`);
      },
    );

    expect(report).toMatchObject({ rowsRead: 1, created: 1, rejected: 0 });
    const stored = await beneficiaries.byId(beneficiaryIdFor(rt.sealer, '001234567891'));
    expect(stored).toMatchObject({
      fullName: 'Trần Văn Bình',
      dateOfBirth: '1950-05-17',
      gender: 'male',
      communeCode: '00103',
      category: 'meritorious',
      paymentMethod: 'cash_post',
      monthlyAmount: 1500000,
    });
    expect(rt.sealer.open(stored!.phone!.sealed)).toBe('+84912000111');
  });

  test('when a required column is missing from the header, then the import fails with a clear Vietnamese error and stores nothing', async () => {
    const file = writeCsv(rt.tmp, 'no-id.csv', BENEFICIARY_COLUMNS.slice(1), [aBeneficiaryRow()]);

    await expect(importFile('beneficiaries', file, ctx())).rejects.toThrow(AppError);
    await expect(importFile('beneficiaries', file, ctx())).rejects.toThrow(/Số định danh cá nhân/);
    expect(await beneficiaries.count()).toBe(0);
  });

  test('when a quote in a CSV cell is never closed, then the import stops with the row and what to fix, in Vietnamese', async () => {
    const file = `${rt.tmp}/unclosed.csv`;
    fs.writeFileSync(file, `${BENEFICIARY_COLUMNS.join(',')}\n"001234567891,Trần Văn Bình\n`);

    await expect(importFile('beneficiaries', file, ctx())).rejects.toThrow(
      'Không đọc được tệp unclosed.csv ở dòng 2: một ô mở dấu ngoặc kép (") nhưng không đóng lại. Vui lòng sửa dòng này rồi nhập lại cả tệp; các dòng đã nhập sẽ không bị nhập trùng.',
    );
  });
});

describe('importing payments', () => {
  test('when a payment goes from scheduled to paid, then the change is recorded once, and re-importing records nothing more', async () => {
    const people = [aBeneficiaryRow(), aBeneficiaryRow()];
    await importFile('beneficiaries', writeCsv(rt.tmp, 'b.csv', BENEFICIARY_COLUMNS, people), ctx());
    const scheduled = await importFile(
      'payments',
      writeCsv(
        rt.tmp,
        'p1.csv',
        PAYMENT_COLUMNS,
        people.map((p) => aPaymentRow(p.national_id!)),
      ),
      ctx(),
    );
    expect(scheduled).toMatchObject({ created: 2, changes: 0 });

    const paidFile = writeCsv(rt.tmp, 'p2.csv', PAYMENT_COLUMNS, [
      aPaymentRow(people[0]!.national_id!, { status: 'paid', paid_at: '10/11/2026' }),
      aPaymentRow(people[1]!.national_id!),
    ]);
    const paid = await importFile('payments', paidFile, ctx());
    const again = await importFile('payments', paidFile, ctx());

    expect(paid).toMatchObject({ updated: 1, unchanged: 1, changes: 1 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, changes: 0 });
    const id = paymentIdFor(beneficiaryIdFor(rt.sealer, people[0]!.national_id!), '2026-11', 'monthly');
    expect(await payments.changesFor(id)).toEqual([
      expect.objectContaining({ from: 'scheduled', to: 'paid', version: 2 }),
    ]);
  });

  test('when a payment names an unregistered person or lacks what its status needs, then the row is rejected with the reason', async () => {
    const person = aBeneficiaryRow();
    await importFile('beneficiaries', writeCsv(rt.tmp, 'b.csv', BENEFICIARY_COLUMNS, [person]), ctx());
    const file = writeCsv(rt.tmp, 'p.csv', PAYMENT_COLUMNS, [
      aPaymentRow('009999999999'),
      aPaymentRow(person.national_id!, { status: 'failed' }),
      aPaymentRow(person.national_id!, {
        period: '11/2026',
        status: 'cash_ready',
        pickup_place: 'Bưu điện xã',
        pickup_from: '10/11/2026',
        pickup_to: '20/11/2026',
        amount: '500.000 ₫',
      }),
    ]);

    const report = await importFile('payments', file, ctx());

    expect(report.rejects.map((r) => [r.line, r.column])).toEqual([
      [2, 'national_id'],
      [3, 'failure_reason'],
    ]);
    expect(report).toMatchObject({ created: 1, rejected: 2, changes: 1 });
  });
});
