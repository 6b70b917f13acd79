import { PassThrough } from 'node:stream';
import { officerDashboard } from '../services/officers/dashboard.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { exportForPolice } from '../services/verification/export.js';
import { verificationQueue } from '../services/verification/queue.js';
import { periodOf } from '../services/format.js';
import { importVerificationResults } from '../services/verification/results.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
// Police results carry the moment they were imported (no date in the file): the dashboard's clock is the real one.
const NOW = new Date();
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'web', now: () => NOW });
const ADMIN_01: Scope = {
  role: 'province_admin',
  officerId: 'a'.repeat(24),
  name: 'Tỉnh',
  provinceCode: '01',
  communeCodes: [],
};
const BA_DINH: Scope = {
  role: 'commune_officer',
  officerId: 'b'.repeat(24),
  name: 'Xã',
  provinceCode: '01',
  communeCodes: ['00004'],
};
const resultsCsv = (rows: string[][]) =>
  Buffer.from(['Số định danh cá nhân,Kết quả,Trường sai lệch,Lý do', ...rows.map((r) => r.join(','))].join('\n'));

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

describe("the officer dashboard: this period's figures for the officer's scope", () => {
  let people: ReturnType<typeof aBeneficiary>[];
  beforeAll(async () => {
    await emptyDatabase();
    await saveCommunes(
      [
        { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
        { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
        { code: '00011', name: 'Phường Giảng Võ', provinceCode: '01', legacyDistrict: null },
        { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
      ],
      { sealer: rt.sealer, entryPoint: 'import', actor: 'test' },
    );
    // Ba Đình: four with account details (waiting), one without gender; Ngọc Hà: one waiting; Sài Gòn: one (another province).
    people = [
      aBeneficiary({ fullName: 'Nguyễn Thị An' }),
      aBeneficiary({ fullName: 'Nguyễn Thị Bình' }),
      aBeneficiary({ fullName: 'Nguyễn Thị Chi' }),
      aBeneficiary({ fullName: 'Nguyễn Thị Dung', gender: null }),
      aBeneficiary({ communeCode: '00008' }),
      aBeneficiary({ provinceCode: '79', communeCode: '26734' }),
    ];
    await register(rt.sealer, people);
    // Two of Ba Đình go to the police; one result comes back this month.
    const out = new PassThrough().resume();
    const ba = acting(BA_DINH);
    const page = await verificationQueue(ba, { communes: ['00004'] });
    await exportForPolice(ba, { accountRefs: page.items.slice(0, 2).map((i) => i.ref) }, 'csv', out, rt.sealer);
    const sent = page.items[0]!;
    const sentPerson = people.find((p) => p.fullName === sent.fullName)!;
    const report = await importVerificationResults(
      ba,
      { buffer: resultsCsv([[sentPerson.nationalId, 'verified', '', '']]), fileName: 'kq.csv' },
      rt.sealer,
    );
    expect(report.rejects).toEqual([]);
  });

  test('when a commune officer opens it, then the figures are those of their commune only', async () => {
    const d = await officerDashboard(acting(BA_DINH));
    expect(d.period).toBe(periodOf(NOW));
    expect(d.communes.map((c) => c.code)).toEqual(['00004']);
    expect(d.totals).toEqual({ queue: 2, awaitingPolice: 1, resultsThisMonth: 1, missingAny: 1, active: 4 });
    expect(d.communes[0]).toMatchObject({ name: 'Phường Ba Đình', ...d.totals });
  });

  test('when a province administrator opens it, then every commune of the province has a line, the idle one too, and nothing of another province counts', async () => {
    const d = await officerDashboard(acting(ADMIN_01));
    expect(d.communes.map((c) => c.code).sort()).toEqual(['00004', '00008', '00011']);
    expect(d.communes.find((c) => c.code === '00011')).toMatchObject({ name: 'Phường Giảng Võ', queue: 0, active: 0 });
    expect(d.communes.find((c) => c.code === '00008')).toMatchObject({ queue: 1, awaitingPolice: 0, active: 1 });
    expect(d.totals).toEqual({ queue: 3, awaitingPolice: 1, resultsThisMonth: 1, missingAny: 1, active: 5 });
  });

  test('when the month turns, then last month\'s police results no longer count as "this month"', async () => {
    const later = new Date(NOW.getTime() + 32 * 86_400_000);
    const nextMonth = { ...acting(BA_DINH), now: () => later };
    expect((await officerDashboard(nextMonth)).totals.resultsThisMonth).toBe(0);
  });
});
