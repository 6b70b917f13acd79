import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { auditLog } from '../models/audit.js';
import { beneficiaries } from '../models/beneficiary.js';
import { AppError } from '../services/errors.js';
import { importFile } from '../services/imports/run-import.js';
import { missingDataList, missingDataReport } from '../services/officers/missing-data.js';
import { writeMissingDataXlsx } from '../services/officers/missing-data-xlsx.js';
import { OPERATOR, type Acting, type Scope } from '../services/officers/scope.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { aBeneficiaryRow, BENEFICIARY_COLUMNS, writeCsv } from './support/files.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'test' });
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'web', now: () => new Date() });
const ADMIN_01: Scope = {
  role: 'province_admin',
  officerId: 'a'.repeat(24),
  name: 'Tỉnh',
  provinceCode: '01',
  communeCodes: [],
};
const NGOC_HA: Scope = {
  role: 'commune_officer',
  officerId: 'b'.repeat(24),
  name: 'Xã',
  provinceCode: '01',
  communeCodes: ['00008'],
};
const refusal = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

let ids: Record<string, string>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  const communes = writeCsv(
    rt.tmp,
    'xa.csv',
    ['code', 'name', 'province_code'],
    [
      { code: '00004', name: 'Phường Ba Đình', province_code: '01' },
      { code: '00008', name: 'Phường Ngọc Hà', province_code: '01' },
      { code: '01234', name: 'Xã Hòa An', province_code: '04' },
    ],
  );
  await importFile('communes', communes, ctx(), { writeRejects: false });
  // Ba Đình: one complete, one without gender or account, one with an old 9-digit ID card, one deceased (not counted).
  // Ngọc Hà: one without ethnicity or decision. Cao Bằng (another province): one without gender.
  const people = {
    an: aBeneficiary({ fullName: 'An Văn Đủ' }),
    binh: aBeneficiary({ fullName: 'Bình Thị Thiếu', gender: null, account: null }),
    cuong: aBeneficiary({ fullName: 'Cường Văn Cũ', nationalId: '123456789' }),
    dung: aBeneficiary({ fullName: 'Dũng Đã Mất', gender: null, status: 'deceased' }),
    em: aBeneficiary({ fullName: 'Em Thị Ngọc', communeCode: '00008', ethnicity: null, decisionNumber: null }),
    phu: aBeneficiary({ fullName: 'Phú Văn Xa', provinceCode: '04', communeCode: '01234', gender: null }),
  };
  await register(rt.sealer, Object.values(people));
  ids = Object.fromEntries(Object.entries(people).map(([k, p]) => [k, beneficiaryIdFor(rt.sealer, p.nationalId)]));
});

describe('the missing-data report', () => {
  test("when a province administrator asks, then each commune's active records are counted by missing field, ranked by records missing anything", async () => {
    const report = await missingDataReport(acting(ADMIN_01));

    expect(report.communes).toEqual([
      {
        code: '00004',
        name: 'Phường Ba Đình',
        active: 3,
        missingAny: 2,
        missing: { national_id: 1, gender: 1, ethnicity: 0, decision: 0, account: 1 },
      },
      {
        code: '00008',
        name: 'Phường Ngọc Hà',
        active: 1,
        missingAny: 1,
        missing: { national_id: 0, gender: 0, ethnicity: 1, decision: 1, account: 0 },
      },
    ]);
    expect(report.totals).toEqual({
      active: 4,
      missingAny: 3,
      missing: { national_id: 1, gender: 1, ethnicity: 1, decision: 1, account: 1 },
    });
  });

  test('when the operator asks, then every province is counted', async () => {
    const report = await missingDataReport(acting(OPERATOR));
    expect(report.totals).toMatchObject({ active: 5, missingAny: 4, missing: { gender: 2 } });
  });

  test('when a commune officer asks, then only their commune is counted, and another commune is refused in Vietnamese', async () => {
    const own = await missingDataReport(acting(NGOC_HA));
    expect(own.communes.map((c) => c.code)).toEqual(['00008']);
    expect(own.totals.active).toBe(1);

    const err = await refusal(missingDataReport(acting(NGOC_HA), { communes: ['00004'] }));
    expect(err.status).toBe(403);
    expect(err.message).toContain('không thuộc địa bàn');
  });

  test('when a province administrator names a commune of another province, then it is refused', async () => {
    expect((await refusal(missingDataReport(acting(ADMIN_01), { communes: ['01234'] }))).status).toBe(403);
    expect((await refusal(missingDataList(acting(ADMIN_01), { commune: '01234' }))).status).toBe(403);
  });

  test('when a 9-digit identity card number is imported, then the record is kept and lacks a valid ID; an 11-digit one is refused', async () => {
    const rows = [aBeneficiaryRow({ national_id: '987654321' }), aBeneficiaryRow({ national_id: '12345678901' })];
    const report = await importFile('beneficiaries', writeCsv(rt.tmp, 'cmnd.csv', BENEFICIARY_COLUMNS, rows), ctx());
    expect(report).toMatchObject({ created: 1, rejected: 1 });
    const kept = await beneficiaries.byId(beneficiaryIdFor(rt.sealer, '987654321'));
    expect(kept?.missing).toEqual(expect.arrayContaining(['national_id', 'account']));
  });
});

describe('the missing-data list', () => {
  test('when an officer lists a field, then the records lacking it come with a masked ID, and the read is audited', async () => {
    const page = await missingDataList(acting(ADMIN_01), { field: 'gender' });
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(page.items).toEqual([
      {
        ref: ids.binh,
        fullName: 'Bình Thị Thiếu',
        dateOfBirth: '1948-03-12',
        communeCode: '00004',
        communeName: 'Phường Ba Đình',
        idMasked: expect.stringMatching(/^•••• \d{4}$/),
        missing: ['gender', 'account'],
      },
    ]);
    const [entry] = await auditLog.recent(1);
    expect(entry).toMatchObject({
      action: 'read',
      entity: 'beneficiary',
      entityIds: [ids.binh],
      actor: `officer:${'a'.repeat(24)}`,
    });
    expect(JSON.stringify(entry)).not.toContain('Bình');
  });

  test('when no field is named, then every record lacking something is listed by commune then name, a page at a time', async () => {
    const first = await missingDataList(acting(ADMIN_01), { pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((i) => i.fullName)).toEqual(['Bình Thị Thiếu', 'Cường Văn Cũ']);
    const second = await missingDataList(acting(ADMIN_01), { pageSize: 2, page: 2 });
    expect(second.items.map((i) => i.fullName)).toEqual(['Em Thị Ngọc']);
  });

  test('when a commune officer lists, then only their commune appears; an unknown field is refused', async () => {
    const page = await missingDataList(acting(NGOC_HA));
    expect(page.items.map((i) => i.ref)).toEqual([ids.em]);
    expect((await refusal(missingDataList(acting(NGOC_HA), { field: 'shoe_size' }))).status).toBe(400);
    expect((await refusal(missingDataList(acting(NGOC_HA), { commune: '00004' }))).status).toBe(403);
  });
});

describe('the missing-data workbook', () => {
  test('when a province administrator downloads it, then sheet 1 ranks the communes and sheet 2 lists the records, audited', async () => {
    const file = path.join(rt.tmp, 'thieu.xlsx');
    const result = await writeMissingDataXlsx(acting(ADMIN_01), {}, fs.createWriteStream(file));
    expect(result).toEqual({ rows: 3 });

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const [counts, list] = book.worksheets;
    const values = (ws: ExcelJS.Worksheet) =>
      ws.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    expect(values(counts!).slice(1)).toEqual([
      ['00004', 'Phường Ba Đình', 3, 2, 1, 1, 0, 0, 1],
      ['00008', 'Phường Ngọc Hà', 1, 1, 0, 0, 1, 1, 0],
      [undefined, 'Tổng cộng / Total', 4, 3, 1, 1, 1, 1, 1],
    ]);
    const listed = values(list!).slice(1);
    expect(listed.map((r) => r[0]).sort()).toEqual(['Bình Thị Thiếu', 'Cường Văn Cũ', 'Em Thị Ngọc']);
    const binh = listed.find((r) => r[0] === 'Bình Thị Thiếu')!;
    expect(binh.slice(1)).toEqual([
      '12/03/1948',
      'Phường Ba Đình',
      expect.stringMatching(/^•••• \d{4}$/),
      'Giới tính; Thông tin tài khoản nhận tiền',
    ]);
    const [entry] = await auditLog.recent(1);
    expect(entry).toMatchObject({ action: 'read', note: 'missing-data xlsx' });
    expect([...entry!.entityIds].sort()).toEqual([ids.binh, ids.cuong, ids.em].sort());
  });

  test('when a commune officer asks for a commune outside their area, then nothing is written', async () => {
    const file = path.join(rt.tmp, 'khong.xlsx');
    const out = fs.createWriteStream(file);
    expect((await refusal(writeMissingDataXlsx(acting(NGOC_HA), { communes: ['00004'] }, out))).status).toBe(403);
    out.end();
  });
});
