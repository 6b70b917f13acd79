import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { officers } from '../models/officer.js';
import { stableId } from '../models/ids.js';
import { formatDate, formatPeriod } from '../services/format.js';
import type { OpenedSession } from '../services/miniapp/sessions.js';
import { TICKET_TTL_MS } from '../services/miniapp/downloads.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { TASK_LABELS } from '../services/reminders/calendar.js';
import { LATE_STATE_LABELS, type LateReport } from '../services/reminders/late-report.js';
import { LATE_XLSX_HEADER } from '../services/reminders/late-report-xlsx.js';
import { completeTask, ensureTasks, markNotApplicable } from '../services/reminders/tasks.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

// The history of late-communes-report.test.ts: September 2026's "monthly changes" is due Monday 21/09
// (the 20th a Sunday), the payment list Friday 25/09; 00004 finishes the first on time and the second
// on Wednesday 30/09 (3 working days late); 00008's first is not applicable, its second never done.
let srv: MiniappServer;
let clock: Date;
let admin: OpenedSession;
let communeOfficer: { id: string; session: OpenedSession };
const TODAY = new Date('2026-10-02T10:00:00+07:00');
const taskId = (commune: string, task: string, period: string) => stableId('officer-task', commune, task, period);
const acting = (scope: Partial<Scope>): Acting => ({
  scope: {
    officerId: stableId('test-officer', 'x'),
    name: 'Thử',
    provinceCode: '01',
    communeCodes: [],
    ...scope,
  } as Scope,
  entryPoint: 'miniapp',
  via: 'web',
  now: () => clock,
});

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => clock });
  await moreCommunes(srv.rt);
  for (const [province, period] of [
    ['01', '2026-09'],
    ['01', '2026-10'],
    ['79', '2026-09'],
  ] as const)
    await ensureTasks(province, period);
  const baDinh = acting({ role: 'commune_officer', communeCodes: ['00004'] });
  clock = new Date('2026-09-21T15:00:00+07:00');
  await completeTask(baDinh, taskId('00004', 'monthly_changes', '2026-09'), 'telegram');
  clock = new Date('2026-09-30T09:00:00+07:00');
  await completeTask(baDinh, taskId('00004', 'payment_list', '2026-09'), 'miniapp');
  await markNotApplicable(acting({ role: 'province_admin' }), taskId('00008', 'monthly_changes', '2026-09'));
  admin = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' })).officerId,
  );
});
beforeEach(async () => {
  clock = TODAY;
  const { officerId } = await anOfficer(srv.rt, { communeCodes: ['00004'] });
  communeOfficer = { id: officerId, session: await officerSession(srv.rt, officerId) };
});
afterAll(async () => {
  await srv.stop();
});

const headers = (s: OpenedSession) => ({ authorization: `Bearer ${s.sessionToken}`, 'accept-language': 'vi' });

type Ticket = { status: number; url: string; fileName: string; message: string };
async function askTicket(body: Record<string, unknown>, s: OpenedSession = admin): Promise<Ticket> {
  const res = await fetch(`${srv.url}/app/api/officer/downloads`, {
    method: 'POST',
    headers: { ...headers(s), 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
    body: JSON.stringify({ file: 'late_report_xlsx', ...body }),
  });
  const json = (await res.json()) as Record<string, string>;
  return { status: res.status, url: json.url ?? '', fileName: json.fileName ?? '', message: json.message ?? '' };
}

/** Fetches the URL as Telegram's client does: no cookie, no header of ours. */
async function fetchPlain(url: string) {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function report(query: string, s: OpenedSession = admin): Promise<LateReport> {
  const res = await fetch(`${srv.url}/app/api/officer/late-communes${query}`, { headers: headers(s) });
  expect(res.status).toBe(200);
  return (await res.json()) as LateReport;
}

/** The workbook's rows, header first. */
async function rowsOf(file: Buffer | ArrayBuffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as ArrayBuffer);
  return book.worksheets[0]!.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
}

/** The rows the JSON report says the workbook must hold, in its order (an empty cell reads back as undefined). */
const expectedRows = (r: LateReport): unknown[][] =>
  r.communes.flatMap((c) =>
    c.periods.flatMap((p) =>
      p.tasks.map((t) => [
        c.code,
        c.name,
        formatPeriod(p.period),
        TASK_LABELS[t.task].vi,
        formatDate(t.deadlineDay),
        `${LATE_STATE_LABELS[t.state].vi} / ${LATE_STATE_LABELS[t.state].en}`,
        t.daysLate,
        t.completedDay ? formatDate(t.completedDay) : undefined,
      ]),
    ),
  );

const ticketCount = () => mongoose.connection.db!.collection('download_tickets').countDocuments();

describe('the late-communes XLSX by single-use URL', () => {
  test('when a province administrator takes a URL, then it gives once the workbook the JSON report and the session route give', async () => {
    const t = await askTicket({ from: '2026-09', to: '2026-10' });
    expect(t.status).toBe(200);
    expect(t.url).toMatch(new RegExp(`^${srv.url}/app/dl/[A-Za-z0-9_-]{43}$`));
    expect(t.fileName).toBe('tre-han-01-2026-09-2026-10.xlsx');

    const file = await fetchPlain(t.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(file.headers.get('content-disposition')).toContain(t.fileName);
    const rows = await rowsOf(file.body);
    const json = await report('?from=2026-09&to=2026-10');
    expect(rows[0]).toEqual(LATE_XLSX_HEADER);
    expect(rows.slice(1)).toEqual(expectedRows(json));
    // The history shows through: 00004's payment list 3 working days late, 00008's still not done after 5.
    expect(rows.slice(1).map((r) => `${r[0]} ${r[2]} ${r[5]} ${r[6]}`)).toEqual([
      '00004 09/2026 Đúng hạn / On time 0',
      '00004 09/2026 Trễ hạn / Late 3',
      '00004 10/2026 Chưa làm / Not done 0',
      '00004 10/2026 Chưa làm / Not done 0',
      '00008 09/2026 Không áp dụng / Not applicable 0',
      '00008 09/2026 Chưa làm / Not done 5',
      '00008 10/2026 Chưa làm / Not done 0',
      '00008 10/2026 Chưa làm / Not done 0',
    ]);
    const bySession = await fetch(`${srv.url}/app/api/officer/late-communes.xlsx?from=2026-09&to=2026-10`, {
      headers: headers(admin),
    });
    expect(await rowsOf(await bySession.arrayBuffer())).toEqual(rows);

    const again = await fetchPlain(t.url);
    expect(again.status).toBe(410);
    expect(again.headers.get('content-disposition')).toBeNull();
    expect(again.body.toString('utf8')).toContain('đã được dùng');
  });

  test("when a commune officer takes a URL, then the workbook holds only the officer's commune", async () => {
    const t = await askTicket({ from: '2026-09', to: '2026-09' }, communeOfficer.session);
    expect([t.status, t.fileName]).toEqual([200, 'tre-han-01-2026-09-2026-09.xlsx']);
    const rows = await rowsOf((await fetchPlain(t.url)).body);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['00004', '00004']);
    expect(rows.slice(1)).toEqual(expectedRows(await report('?from=2026-09&to=2026-09', communeOfficer.session)));
  });

  test('when a URL is asked for another province or a bad range, then it is refused in Vietnamese and no ticket is stored', async () => {
    const before = await ticketCount();
    for (const [body, s] of [
      [{ province: '79', from: '2026-09', to: '2026-09' }, communeOfficer.session],
      [{ province: '79', from: '2026-09', to: '2026-09' }, admin],
    ] as const) {
      const t = await askTicket(body, s);
      expect([t.status, t.url, t.message]).toEqual([403, '', expect.stringContaining('không thuộc địa bàn')]);
    }
    const reversed = await askTicket({ from: '2026-10', to: '2026-09' });
    expect([reversed.status, reversed.url]).toEqual([400, '']);
    expect(reversed.message).toBe(
      'Khoảng thời gian không hợp lệ: "từ tháng" 10/2026 sau "đến tháng" 09/2026. Xin chọn lại.',
    );
    const long = await askTicket({ from: '2025-01', to: '2026-09' });
    expect([long.status, long.message]).toEqual([400, expect.stringContaining('tối đa 12 tháng')]);
    const malformed = await askTicket({ from: '9/2026', to: '2026-10' });
    expect([malformed.status, malformed.message]).toEqual([400, expect.stringContaining('YYYY-MM')]);
    expect(await ticketCount()).toBe(before);
  });

  test('when the officer moves to another province before the URL is fetched, then it gives no file; new communes give only theirs', async () => {
    const moving = await askTicket({ from: '2026-09', to: '2026-09' }, communeOfficer.session);
    expect(moving.status).toBe(200);
    await officers.remove(communeOfficer.id, clock);
    await officers.restore(communeOfficer.id, {
      name: 'Thử',
      role: 'commune_officer',
      provinceCode: '79',
      communeCodes: ['26734'],
    });
    const refused = await fetchPlain(moving.url);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-disposition')).toBeNull();
    expect(refused.body.toString('utf8')).toContain('không thuộc địa bàn');

    const { officerId } = await anOfficer(srv.rt, { communeCodes: ['00004'] });
    const t = await askTicket({ from: '2026-09', to: '2026-09' }, await officerSession(srv.rt, officerId));
    await officers.remove(officerId, clock);
    await officers.restore(officerId, {
      name: 'Thử',
      role: 'commune_officer',
      provinceCode: '01',
      communeCodes: ['00008'],
    });
    const rows = await rowsOf((await fetchPlain(t.url)).body);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['00008', '00008']);
  });

  test('when the clock passes two minutes, then the URL answers 410 "expired"; just before, it still gives the file', async () => {
    const inTime = await askTicket({ from: '2026-09', to: '2026-09' });
    const tooLate = await askTicket({ from: '2026-09', to: '2026-09' });
    clock = new Date(TODAY.getTime() + TICKET_TTL_MS - 1000);
    const got = await fetchPlain(inTime.url);
    expect(got.status).toBe(200);
    expect(got.body.subarray(0, 2).toString()).toBe('PK');
    clock = new Date(TODAY.getTime() + TICKET_TTL_MS + 1000);
    const late = await fetchPlain(tooLate.url);
    expect(late.status).toBe(410);
    expect(late.body.toString('utf8')).toContain('hết hạn');
  });
});

describe("the officer section's report without a range", () => {
  test('when the tab asks without from and to, then it gets the last four months by the clock in Vietnam', async () => {
    clock = new Date('2026-09-30T18:00:00Z'); // already 1 October in Vietnam
    const r = await report('');
    expect([r.from, r.to, r.periods]).toEqual(['2026-07', '2026-10', ['2026-07', '2026-08', '2026-09', '2026-10']]);
    expect(r.tasks.map((t) => t.label.vi)).toEqual(['Cập nhật biến động', 'Lập danh sách chi trả']);
    const empty = await fetch(`${srv.url}/app/api/officer/late-communes?from=&to=`, { headers: headers(admin) });
    expect(empty.status).toBe(400);
  });
});
