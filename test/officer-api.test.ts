import ExcelJS from 'exceljs';
import { officers } from '../models/officer.js';
import { accountIdFor } from '../models/ids.js';
import { miniappContext } from '../miniapp/wiring.js';
import { openSession, type OpenedSession } from '../services/miniapp/sessions.js';
import { aBeneficiary, register } from './support/register.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

let srv: MiniappServer;
let ours: { beneficiaryId: string; accountId: string; fullName: string; accountNumber: string };
let neighbour: { beneficiaryId: string; accountId: string };
let elsewhere: { beneficiaryId: string; accountId: string };
let communeOfficer: OpenedSession;
let provinceAdmin: OpenedSession;

beforeAll(async () => {
  srv = await startMiniappServer();
  await moreCommunes(srv.rt);
  const a = aBeneficiary();
  const b = aBeneficiary({ communeCode: '00008' });
  const c = aBeneficiary({ communeCode: '26734', provinceCode: '79' });
  const [ia, ib, ic] = await register(srv.rt.sealer, [a, b, c]);
  ours = { beneficiaryId: ia!, accountId: accountIdFor(ia!), fullName: a.fullName, accountNumber: a.account!.number };
  neighbour = { beneficiaryId: ib!, accountId: accountIdFor(ib!) };
  elsewhere = { beneficiaryId: ic!, accountId: accountIdFor(ic!) };
  communeOfficer = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00004'] })).officerId);
  provinceAdmin = await officerSession(
    srv.rt,
    (await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' })).officerId,
  );
});
afterAll(async () => {
  await srv.stop();
});

type Reply = { status: number; json: Record<string, unknown>; body: Buffer; headers: Headers };
async function call(
  path: string,
  init: {
    method?: string;
    session?: OpenedSession;
    csrf?: string | null;
    json?: unknown;
    raw?: Buffer;
    type?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'accept-language': 'vi' };
  if (init.session) headers.authorization = `Bearer ${init.session.sessionToken}`;
  const csrf = init.csrf === undefined ? init.session?.csrfToken : init.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  let body: RequestInit['body'];
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.raw) {
    headers['content-type'] = init.type ?? 'text/csv';
    body = new Blob([new Uint8Array(init.raw)]);
  }
  const res = await fetch(`${srv.url}/app/api/officer${path}`, { method: init.method ?? 'GET', headers, body });
  const buf = Buffer.from(await res.arrayBuffer());
  let json: Record<string, unknown> = {};
  if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(buf.toString('utf8'));
  return { status: res.status, json, body: buf, headers: res.headers };
}

const resultsCsv = (nationalId: string) =>
  Buffer.from(`\ufeffSố định danh cá nhân,Kết quả,Lý do\r\n${nationalId},verified,\r\n`, 'utf8');

/** Every officer endpoint with a request that would succeed for an officer of commune 00004. */
const endpoints = () =>
  [
    { path: '/dashboard' },
    { path: '/queue' },
    { path: '/missing' },
    { path: '/missing/list' },
    { path: '/missing.xlsx' },
    { path: '/officers' },
    { path: `/queue/${ours.accountId}/reveal`, method: 'POST' },
    { path: '/export', method: 'POST', json: { format: 'csv', accountRefs: [ours.accountId] } },
    { path: '/results?name=ket-qua.csv', method: 'POST', raw: resultsCsv('001195099999') },
    { path: `/records/${ours.beneficiaryId}/deceased`, method: 'POST', json: { dateOfDeath: '2026-01-02' } },
    { path: `/records/${ours.beneficiaryId}/moved-out`, method: 'POST', json: {} },
    {
      path: '/invites',
      method: 'POST',
      json: { role: 'commune_officer', communeCodes: ['00004'], name: 'Lê Thị Hoa', phone: '0987654321' },
    },
  ] as const;

describe('officer API: who may call it', () => {
  test('when there is no session, then every officer endpoint answers 401', async () => {
    for (const e of endpoints()) {
      const r = await call(e.path, { ...e, csrf: 'x' });
      expect([e.path, r.status]).toEqual([e.path, 401]);
    }
  });

  test("when the session is a beneficiary's, then every officer endpoint answers 403 saying it is for officers, in Vietnamese", async () => {
    const person = await openSession(
      { kind: 'beneficiary', beneficiaryId: ours.beneficiaryId },
      'web',
      miniappContext(srv.rt.config, srv.rt.sealer),
    );
    for (const e of endpoints()) {
      const r = await call(e.path, { ...e, session: person });
      expect([e.path, r.status, r.json.message]).toEqual([e.path, 403, expect.stringContaining('chỉ dành cho cán bộ')]);
      expect(r.headers.get('content-disposition')).toBeNull();
    }
  });

  test('when a write comes without the CSRF token, then it is refused with 403 and nothing is exported', async () => {
    for (const e of endpoints().filter((x) => 'method' in x)) {
      const r = await call(e.path, { ...e, session: communeOfficer, csrf: null });
      expect([e.path, r.status, r.json.message]).toEqual([e.path, 403, expect.stringContaining('tải lại trang')]);
    }
  });

  test('when the officer is removed, then the next call is refused at once', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const s = await officerSession(srv.rt, officerId);
    expect((await call('/dashboard', { session: s })).status).toBe(200);
    await officers.remove(officerId, new Date());
    expect((await call('/dashboard', { session: s })).status).toBe(403);
  });
});

describe('officer API: scope', () => {
  test('when a commune officer asks for another commune, then the queue, missing data and export refuse with 403', async () => {
    for (const path of ['/queue?commune=00008', '/missing?commune=00008', '/missing/list?commune=00008']) {
      const r = await call(path, { session: communeOfficer });
      expect([path, r.status, r.json.message]).toEqual([path, 403, expect.stringContaining('không thuộc địa bàn')]);
    }
    const exp = await call('/export', {
      method: 'POST',
      session: communeOfficer,
      json: { format: 'csv', communes: ['00008'] },
    });
    expect(exp.status).toBe(403);
    expect(exp.headers.get('content-disposition')).toBeNull();
  });

  test('when a commune officer acts on a record of another commune, then reveal, export, deceased and moved-out refuse with 403', async () => {
    const cases = [
      { path: `/queue/${neighbour.accountId}/reveal`, json: undefined },
      { path: '/export', json: { format: 'xlsx', accountRefs: [ours.accountId, neighbour.accountId] } },
      { path: `/records/${neighbour.beneficiaryId}/deceased`, json: { dateOfDeath: '2026-01-02' } },
      { path: `/records/${neighbour.beneficiaryId}/moved-out`, json: {} },
    ];
    for (const c of cases) {
      const r = await call(c.path, { method: 'POST', session: communeOfficer, json: c.json });
      expect([c.path, r.status]).toEqual([c.path, 403]);
      expect(r.headers.get('content-disposition')).toBeNull();
    }
  });

  test('when a province administrator reaches into another province, then commune and record requests refuse with 403', async () => {
    expect((await call('/queue?commune=26734', { session: provinceAdmin })).status).toBe(403);
    expect((await call('/missing?commune=26734', { session: provinceAdmin })).status).toBe(403);
    const reveal = await call(`/queue/${elsewhere.accountId}/reveal`, { method: 'POST', session: provinceAdmin });
    expect(reveal.status).toBe(403);
    const dead = await call(`/records/${elsewhere.beneficiaryId}/deceased`, {
      method: 'POST',
      session: provinceAdmin,
      json: { dateOfDeath: '2026-01-02' },
    });
    expect(dead.status).toBe(403);
    expect((await call('/queue?commune=00008', { session: provinceAdmin })).status).toBe(200);
  });

  test('when a commune officer lists or invites officers, then 403 says it is for province administrators', async () => {
    const list = await call('/officers', { session: communeOfficer });
    expect([list.status, list.json.message]).toEqual([403, expect.stringContaining('quản trị viên cấp tỉnh')]);
    const invite = await call('/invites', { method: 'POST', session: communeOfficer, json: endpoints()[11].json });
    expect(invite.status).toBe(403);
  });

  test('when a malformed commune or record id is given, then 400 or 404, never a server error', async () => {
    expect((await call('/queue?commune=abc', { session: communeOfficer })).status).toBe(400);
    expect((await call('/queue/zzz/reveal', { method: 'POST', session: communeOfficer })).status).toBe(404);
    const fmt = await call('/export', { method: 'POST', session: communeOfficer, json: { format: 'pdf' } });
    expect(fmt.status).toBe(400);
  });
});

describe('officer API: what an officer gets', () => {
  test("when the officer opens the queue, then it lists the commune's submitted records masked, never the full number", async () => {
    const r = await call('/queue?state=submitted', { session: communeOfficer });
    expect(r.status).toBe(200);
    const items = r.json.items as { fullName: string; numberMasked: string; state: string; communeCode: string }[];
    expect(items.map((i) => i.fullName)).toContain(ours.fullName);
    expect(items.every((i) => i.state === 'submitted' && i.communeCode === '00004' && /•/.test(i.numberMasked))).toBe(
      true,
    );
    expect(r.body.toString()).not.toContain(ours.accountNumber);
  });

  test('when the officer reveals a number in the commune, then the full number comes back, unmasked', async () => {
    const r = await call(`/queue/${ours.accountId}/reveal`, { method: 'POST', session: communeOfficer });
    expect(r.status).toBe(200);
    expect(r.json.number).toMatch(/^\d{6,19}$/);
    expect(String(r.json.number).endsWith(ours.accountNumber.slice(-4))).toBe(true);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  test('when the officer exports as CSV, then a UTF-8 CSV attachment arrives with the record in it', async () => {
    const r = await call('/export', { method: 'POST', session: communeOfficer, json: { format: 'csv' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?[^";]+\.csv"?$/);
    expect(r.body.toString('utf8')).toContain(ours.fullName);
  });

  test('when the officer exports chosen records as XLSX, then a workbook attachment arrives that opens', async () => {
    const r = await call('/export', {
      method: 'POST',
      session: communeOfficer,
      json: { format: 'xlsx', accountRefs: [ours.accountId] },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?[^";]+\.xlsx"?$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBeGreaterThanOrEqual(2);
  });

  test('when the officer downloads the missing-data XLSX, then a workbook attachment arrives', async () => {
    const r = await call('/missing.xlsx', { session: provinceAdmin });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?thieu-du-lieu-[^";]+\.xlsx"?$/);
    expect(r.body.subarray(0, 2).toString()).toBe('PK');
  });

  test('when results for an unknown ID are uploaded, then the report names the line and the reason', async () => {
    const r = await call('/results?name=ket-qua.csv', {
      method: 'POST',
      session: communeOfficer,
      raw: resultsCsv('001195099999'),
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ rowsRead: 1, rejected: 1 });
    const [reject] = r.json.rejects as { line: number; reason: string }[];
    expect(reject).toMatchObject({ line: 2, reason: expect.any(String) });
  });

  test('when the upload is empty or too large, then 400 and 413 explain it in Vietnamese', async () => {
    const empty = await call('/results', { method: 'POST', session: communeOfficer, raw: Buffer.alloc(0) });
    expect([empty.status, empty.json.message]).toEqual([400, expect.stringContaining('Xin chọn tệp')]);
    const big = await call('/results', {
      method: 'POST',
      session: communeOfficer,
      raw: Buffer.alloc(5 * 1024 * 1024 + 1, 'a'),
    });
    expect([big.status, big.json.message]).toEqual([413, expect.stringContaining('Tệp quá lớn')]);
  });

  test('when the dashboard and the missing-data report are asked for, then they answer with figures', async () => {
    const d = await call('/dashboard', { session: provinceAdmin });
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({ period: expect.any(String), totals: { queue: expect.any(Number) } });
    const m = await call('/missing', { session: communeOfficer });
    expect(m.status).toBe(200);
    expect(m.json).toMatchObject({ communes: expect.any(Array), totals: expect.any(Object) });
  });
});
