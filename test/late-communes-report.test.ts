import ExcelJS from 'exceljs';
import { stableId } from '../models/ids.js';
import type { OpenedSession } from '../services/miniapp/sessions.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { OPERATOR } from '../services/officers/scope.js';
import { lateCommunes, type LateReport } from '../services/reminders/late-report.js';
import { completeTask, ensureTasks, markNotApplicable } from '../services/reminders/tasks.js';
import { LATE_XLSX_HEADER } from '../services/reminders/late-report-xlsx.js';
import { refusal } from './support/officers.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

// September 2026: the 20th is a Sunday, so "monthly changes" is due Monday 21/09; the payment list Friday 25/09.
// October 2026: due Tuesday 20/10 and (the 25th a Sunday) Monday 26/10. No public holiday falls in between.
let srv: MiniappServer;
let clock: Date;
let adminSession: OpenedSession;
let communeSession: OpenedSession;
const at = (iso: string) => new Date(iso);
const taskId = (commune: string, task: string, period: string) => stableId('officer-task', commune, task, period);
const scopeOf = (role: 'commune_officer' | 'province_admin', provinceCode: string, communeCodes: string[] = []) =>
  ({ role, officerId: stableId('test-officer', role, provinceCode), name: 'Thử', provinceCode, communeCodes }) as Scope;
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'web', now: () => clock });
const ADMIN_01 = scopeOf('province_admin', '01');
const OFFICER_BA_DINH = scopeOf('commune_officer', '01', ['00004']);

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => clock });
  await moreCommunes(srv.rt);
  for (const [province, period] of [
    ['01', '2026-09'],
    ['01', '2026-10'],
    ['79', '2026-09'],
  ] as const)
    await ensureTasks(province, period);
  const admin = acting(ADMIN_01);
  clock = at('2026-09-21T15:00:00+07:00'); // on the (moved) deadline day
  await completeTask(acting(OFFICER_BA_DINH), taskId('00004', 'monthly_changes', '2026-09'), 'telegram');
  clock = at('2026-09-30T09:00:00+07:00'); // Wednesday: Mon 28, Tue 29, Wed 30 after Friday's deadline
  await completeTask(acting(OFFICER_BA_DINH), taskId('00004', 'payment_list', '2026-09'), 'miniapp');
  await markNotApplicable(admin, taskId('00008', 'monthly_changes', '2026-09'));
  clock = at('2026-10-02T10:00:00+07:00'); // Friday: the report's "today"
  adminSession = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' })).officerId,
  );
  communeSession = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00004'] })).officerId);
});
afterAll(async () => {
  await srv.stop();
});

/** `00004 2026-09 payment_list` → `late 3`: the whole report in one line per cell. */
const cells = (r: LateReport) =>
  Object.fromEntries(
    r.communes.flatMap((c) =>
      c.periods.flatMap((p) => p.tasks.map((t) => [`${c.code} ${p.period} ${t.task}`, `${t.state} ${t.daysLate}`])),
    ),
  );

describe('the late-communes report', () => {
  test('when a province administrator asks for Sept–Oct, then each cell matches the history, counted in working days', async () => {
    const report = await lateCommunes(acting(ADMIN_01), { from: '2026-09', to: '2026-10' });
    expect(report).toMatchObject({ provinceCode: '01', periods: ['2026-09', '2026-10'], asOf: '2026-10-02' });
    expect(report.communes.map((c) => [c.code, c.name])).toEqual([
      ['00004', 'Phường Ba Đình'],
      ['00008', 'Phường Ngọc Hà'],
    ]);
    expect(cells(report)).toEqual({
      '00004 2026-09 monthly_changes': 'on_time 0',
      '00004 2026-09 payment_list': 'late 3',
      '00004 2026-10 monthly_changes': 'not_done 0',
      '00004 2026-10 payment_list': 'not_done 0',
      '00008 2026-09 monthly_changes': 'not_applicable 0',
      '00008 2026-09 payment_list': 'not_done 5',
      '00008 2026-10 monthly_changes': 'not_done 0',
      '00008 2026-10 payment_list': 'not_done 0',
    });
    const sept = report.communes[0]!.periods[0]!.tasks;
    expect(sept.map((t) => [t.deadlineDay, t.completedDay])).toEqual([
      ['2026-09-21', '2026-09-21'],
      ['2026-09-25', '2026-09-30'],
    ]);
    expect(report.totals).toEqual({ on_time: 1, late: 1, not_done: 5, not_applicable: 1 });
  });

  test('when a commune officer asks, then only their communes appear; another province is refused', async () => {
    const report = await lateCommunes(acting(OFFICER_BA_DINH), { from: '2026-09', to: '2026-09' });
    expect(report.communes.map((c) => c.code)).toEqual(['00004']);
    expect(
      (await refusal(lateCommunes(acting(OFFICER_BA_DINH), { provinceCode: '79', from: '2026-09', to: '2026-09' })))
        .status,
    ).toBe(403);
    expect(
      (await refusal(lateCommunes(acting(ADMIN_01), { provinceCode: '79', from: '2026-09', to: '2026-09' }))).status,
    ).toBe(403);
    const hcm = await lateCommunes(acting(OPERATOR), { provinceCode: '79', from: '2026-09', to: '2026-09' });
    expect(hcm.communes.map((c) => c.code)).toEqual(['26734']);
  });

  test('when the range is reversed, malformed or longer than 12 months, then it is refused (400)', async () => {
    for (const [from, to] of [
      ['2026-10', '2026-09'],
      ['2026-9', '2026-10'],
      ['2025-09', '2026-09'],
      ['', ''],
    ])
      expect((await refusal(lateCommunes(acting(ADMIN_01), { from: from!, to: to! }))).status).toBe(400);
    const year = await lateCommunes(acting(ADMIN_01), { from: '2025-10', to: '2026-09' });
    expect(year.periods).toHaveLength(12);
  });
});

describe('the late-communes report over HTTP', () => {
  const get = (path: string, session: OpenedSession | null) =>
    fetch(`${srv.url}${path}`, {
      headers: { 'accept-language': 'vi', ...(session ? { authorization: `Bearer ${session.sessionToken}` } : {}) },
    });

  test('when an officer session asks GET /api/reports/late-communes, then the JSON is the report of its scope', async () => {
    const res = await get('/api/reports/late-communes?province=01&from=2026-09&to=2026-10', adminSession);
    expect(res.status).toBe(200);
    const body = (await res.json()) as LateReport;
    expect(cells(body)['00004 2026-09 payment_list']).toBe('late 3');
    const mine = (await (
      await get('/app/api/officer/late-communes?from=2026-09&to=2026-09', communeSession)
    ).json()) as LateReport;
    expect(mine.communes.map((c) => c.code)).toEqual(['00004']);
  });

  test('when there is no session, another province or a bad range, then 401, 403 and 400 in Vietnamese', async () => {
    const none = await get('/api/reports/late-communes?province=01&from=2026-09&to=2026-10', null);
    expect(none.status).toBe(401);
    const other = await get('/api/reports/late-communes?province=79&from=2026-09&to=2026-10', communeSession);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { message: string }).message).toMatch(/không thuộc địa bàn/);
    const long = await get('/app/api/officer/late-communes?from=2025-01&to=2026-09', adminSession);
    expect(long.status).toBe(400);
  });

  test('when the XLSX is downloaded, then it parses back to one row per commune, period and task', async () => {
    const res = await get('/app/api/officer/late-communes.xlsx?from=2026-09&to=2026-09', adminSession);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('tre-han-01-2026-09-2026-09.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    expect(rows[0]).toEqual(LATE_XLSX_HEADER);
    expect(rows.slice(1)).toEqual([
      ['00004', 'Phường Ba Đình', '09/2026', 'Cập nhật biến động', '21/09/2026', 'Đúng hạn / On time', 0, '21/09/2026'],
      ['00004', 'Phường Ba Đình', '09/2026', 'Lập danh sách chi trả', '25/09/2026', 'Trễ hạn / Late', 3, '30/09/2026'],
      [
        '00008',
        'Phường Ngọc Hà',
        '09/2026',
        'Cập nhật biến động',
        '21/09/2026',
        'Không áp dụng / Not applicable',
        0,
        undefined,
      ],
      [
        '00008',
        'Phường Ngọc Hà',
        '09/2026',
        'Lập danh sách chi trả',
        '25/09/2026',
        'Chưa làm / Not done',
        5,
        undefined,
      ],
    ]);
  });
});
