import type { OpenedSession } from '../services/miniapp/sessions.js';
import type { DashboardSeries } from '../services/officers/dashboard-series.js';
import { dashboardClock, seedDashboard } from './support/dashboard-seed.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, officerSession } from './support/officer-sessions.js';

/** The dashboard's endpoints: the officer guards, the query's checks in Vietnamese, the scope. */
let srv: MiniappServer;

beforeAll(async () => {
  srv = await startMiniappServer({}, { now: () => dashboardClock.now });
  await seedDashboard(srv);
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});

describe('the dashboard over HTTP', () => {
  let admin: OpenedSession;
  let baDinh: OpenedSession;
  beforeAll(async () => {
    admin = await officerSession(srv.rt, (await anOfficer(srv.rt, { role: 'province_admin' })).officerId);
    baDinh = await officerSession(srv.rt, (await anOfficer(srv.rt, { communeCodes: ['00004'] })).officerId);
  });
  const get = async (path: string, session: OpenedSession | null, lang = 'vi') => {
    const res = await fetch(`${srv.url}/app/api/officer/dashboard/${path}`, {
      headers: { 'accept-language': lang, ...(session ? { authorization: `Bearer ${session.sessionToken}` } : {}) },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('when an officer asks GET /app/api/officer/dashboard/series, then the JSON is the series of their scope', async () => {
    const mine = await get('series?from=2026-12-01&to=2026-12-05', baDinh);
    expect(mine.status).toBe(200);
    const s = mine.body as unknown as DashboardSeries;
    expect(s.delivered.map((d) => d.total)).toEqual([0, 0, 0, 2, 1]);
    const narrowed = await get('series?commune=00008', admin);
    expect((narrowed.body as unknown as DashboardSeries).delivered.at(-2)!.byChannel.zalo).toBe(1);
  });

  test('when the query is wrong, then each wrong field is named in Vietnamese (422), or in English when asked', async () => {
    const bad = await get('series?from=2026-13-01&to=hôm-nay', admin);
    expect(bad.status).toBe(422);
    expect(bad.body.fields).toEqual({
      from: 'Ngày "từ ngày" không hợp lệ: xin ghi theo dạng YYYY-MM-DD, ví dụ 2026-12-05.',
      to: 'Ngày "đến ngày" không hợp lệ: xin ghi theo dạng YYYY-MM-DD, ví dụ 2026-12-05.',
    });
    expect(bad.body.message).toBe('Ngày "từ ngày" không hợp lệ: xin ghi theo dạng YYYY-MM-DD, ví dụ 2026-12-05.');
    expect((await get('series?from=2026-02-30', admin)).status).toBe(422);
    expect((await get('series?commune=4', admin)).body.fields).toEqual({
      commune: 'Mã xã/phường không hợp lệ: mỗi mã gồm 5 chữ số, ví dụ 00004.',
    });
    expect((await get('series?since=2026-12-01', admin)).body.message).toBe(
      'Tham số không được hỗ trợ: since. Chỉ dùng from, to, commune.',
    );
    expect((await get('series?to=2026-13-01', admin, 'en')).body.message).toBe(
      'The "to" date is not valid: please write it as YYYY-MM-DD, e.g. 2026-12-05.',
    );
    const reversed = await get('series?from=2026-12-05&to=2026-12-01', admin);
    expect([reversed.status, reversed.body.message]).toEqual([
      400,
      'Khoảng thời gian không hợp lệ: "từ ngày" 05/12/2026 sau "đến ngày" 01/12/2026. Xin chọn lại.',
    ]);
  });

  test('when there is no session, another commune, or a commune officer asks for the headline, then 401 and 403', async () => {
    expect((await get('series', null)).status).toBe(401);
    expect((await get('headline', null)).status).toBe(401);
    const other = await get('series?commune=00008', baDinh);
    expect([other.status, other.body.message]).toEqual([403, 'Xã/phường này không thuộc địa bàn anh/chị phụ trách.']);
    expect((await get('series?commune=26734', admin)).status).toBe(403);
    const headline = await get('headline', baDinh);
    expect([headline.status, headline.body.message]).toEqual([
      403,
      'Chức năng này chỉ dành cho quản trị viên cấp tỉnh.',
    ]);
    expect((await get('headline', admin)).body).toMatchObject({ provinceCode: '01', deliveredToday: 2 });
  });
});
