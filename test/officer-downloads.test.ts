import mongoose from 'mongoose';
import { officers } from '../models/officer.js';
import { accountIdFor } from '../models/ids.js';
import { verificationQueue } from '../models/verification-queue.js';
import type { OpenedSession } from '../services/miniapp/sessions.js';
import { removeExpiredDownloadTickets, TICKET_TTL_MS } from '../services/miniapp/downloads.js';
import { aBeneficiary, register } from './support/register.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

let srv: MiniappServer;
let clock: Date;
let officer: OpenedSession;

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => clock });
  await moreCommunes(srv.rt);
  officer = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00004'] })).officerId);
});
beforeEach(() => {
  clock = new Date();
});
afterAll(async () => {
  await srv.stop();
});

/** A record of the commune with account details waiting for the police; its account id. */
async function aSubmittedAccount(communeCode = '00004'): Promise<{ accountId: string; fullName: string }> {
  const b = aBeneficiary({ communeCode });
  const [id] = await register(srv.rt.sealer, [b]);
  return { accountId: accountIdFor(id!), fullName: b.fullName };
}

type Ticket = { status: number; url: string; fileName: string; message: string };
async function askTicket(
  body: unknown,
  session: OpenedSession | null = officer,
  csrf?: string | null,
): Promise<Ticket> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': 'vi' };
  if (session) headers.authorization = `Bearer ${session.sessionToken}`;
  const token = csrf === undefined ? session?.csrfToken : csrf;
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(`${srv.url}/app/api/officer/downloads`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, string>;
  return { status: res.status, url: json.url ?? '', fileName: json.fileName ?? '', message: json.message ?? '' };
}

/** Fetches the URL as Telegram's client does: no cookie, no header of ours. */
async function fetchPlain(url: string, method = 'GET') {
  const res = await fetch(url, { method });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const stateOf = async (accountId: string) => (await verificationQueue.byIds([accountId]))[0]?.state;
const exportAudits = (accountId: string) =>
  mongoose.connection.db!.collection('audit_log').countDocuments({ action: 'export', entityIds: accountId });

describe('officer downloads by single-use URL (Telegram downloadFile)', () => {
  test('when the URL is fetched, then the CSV arrives once, the record moves to verifying once, and a second fetch is refused', async () => {
    const { accountId, fullName } = await aSubmittedAccount();
    const t = await askTicket({ file: 'police_export', format: 'csv', accountRefs: [accountId] });
    expect(t.status).toBe(200);
    expect(t.url).toMatch(new RegExp(`^${srv.url}/app/dl/[A-Za-z0-9_-]{43}$`));
    expect(t.fileName).toMatch(/^xac-thuc-tai-khoan_tat-ca_\d{8}\.csv$/);
    expect(await stateOf(accountId)).toBe('submitted');

    const first = await fetchPlain(t.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(first.headers.get('content-disposition')).toContain(t.fileName);
    expect(first.body.toString('utf8')).toContain(fullName);
    expect(await stateOf(accountId)).toBe('verifying');
    expect(await exportAudits(accountId)).toBe(1);

    const second = await fetchPlain(t.url);
    expect(second.status).toBe(410);
    expect(second.headers.get('content-disposition')).toBeNull();
    expect(second.body.toString('utf8')).toContain('đã được dùng');
    expect(await exportAudits(accountId)).toBe(1);
  });

  test('when more than two minutes pass before the fetch, then the URL answers 410 and the record stays submitted', async () => {
    const { accountId } = await aSubmittedAccount();
    const t = await askTicket({ file: 'police_export', format: 'xlsx', accountRefs: [accountId] });
    expect(t.status).toBe(200);
    clock = new Date(clock.getTime() + TICKET_TTL_MS + 1000);
    const late = await fetchPlain(t.url);
    expect(late.status).toBe(410);
    expect(late.body.toString('utf8')).toContain('hết hạn');
    expect(await stateOf(accountId)).toBe('submitted');
  });

  test('when the officer is removed after making the URL, then it gives no file and nothing moves', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const s = await officerSession(srv.rt, officerId);
    const { accountId } = await aSubmittedAccount();
    const t = await askTicket({ file: 'police_export', format: 'csv', accountRefs: [accountId] }, s);
    expect(t.status).toBe(200);
    await officers.remove(officerId, new Date());
    const r = await fetchPlain(t.url);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-disposition')).toBeNull();
    expect(r.body.toString('utf8')).toContain('chỉ dành cho cán bộ');
    expect(await stateOf(accountId)).toBe('submitted');
  });

  test('when a URL is asked for without a session or without the CSRF token, then 401 or 403 and no URL', async () => {
    const body = { file: 'missing_data_xlsx', communes: [] };
    const none = await askTicket(body, null);
    expect([none.status, none.url]).toEqual([401, '']);
    const noCsrf = await askTicket(body, officer, null);
    expect([noCsrf.status, noCsrf.url, noCsrf.message]).toEqual([403, '', expect.stringContaining('tải lại trang')]);
  });

  test('when a commune officer asks for another commune or its record, then 403 names the area and no URL is made', async () => {
    const { accountId: neighbours } = await aSubmittedAccount('00008');
    for (const body of [
      { file: 'police_export', format: 'csv', communes: ['00008'] },
      { file: 'police_export', format: 'csv', accountRefs: [neighbours] },
      { file: 'missing_data_xlsx', communes: ['00008'] },
    ]) {
      const t = await askTicket(body);
      expect([body, t.status, t.url, t.message]).toEqual([
        body,
        403,
        '',
        expect.stringContaining('không thuộc địa bàn'),
      ]);
    }
    expect(await stateOf(neighbours)).toBe('submitted');
    const odd = await askTicket({ file: 'photo' });
    expect(odd.status).toBe(400);
  });

  test('when the missing-data URL is fetched, then an XLSX workbook arrives with its name', async () => {
    const t = await askTicket({ file: 'missing_data_xlsx', communes: ['00004'] });
    expect(t.fileName).toMatch(/^thieu-du-lieu-00004-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const r = await fetchPlain(t.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(r.headers.get('content-disposition')).toContain(t.fileName);
    expect(r.body.subarray(0, 2).toString()).toBe('PK');
  });

  test('when a download manager sends HEAD first, then the ticket is not used up and the GET still gives the file', async () => {
    const { accountId } = await aSubmittedAccount();
    const t = await askTicket({ file: 'police_export', format: 'csv', accountRefs: [accountId] });
    const head = await fetchPlain(t.url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-disposition')).toContain(t.fileName);
    expect(await stateOf(accountId)).toBe('submitted');
    expect((await fetchPlain(t.url)).status).toBe(200);
    expect(await stateOf(accountId)).toBe('verifying');
  });

  test('when the cleanup job runs, then tickets expired over an hour ago are deleted and fresher ones still say "expired"', async () => {
    const t = await askTicket({ file: 'missing_data_xlsx', communes: [] });
    const halfHourOn = new Date(clock.getTime() + 30 * 60_000);
    await removeExpiredDownloadTickets(halfHourOn);
    clock = halfHourOn;
    expect((await fetchPlain(t.url)).status).toBe(410);
    expect(await removeExpiredDownloadTickets(new Date(clock.getTime() + 2 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect((await fetchPlain(t.url)).status).toBe(404);
  });

  test('when a made-up or cut-off URL is fetched, then 404 with a page, never a server error', async () => {
    expect((await fetchPlain(`${srv.url}/app/dl/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetchPlain(`${srv.url}/app/dl/abc`)).status).toBe(404);
  });
});
