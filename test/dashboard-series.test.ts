import mongoose from 'mongoose';
import { CommandCounter, monitoredUri, totalOf } from '../bench/support/commands.js';
import { stableId } from '../models/ids.js';
import { notifications } from '../models/notification.js';
import { createLogger } from '../services/log.js';
import { enqueueNew, type Notice } from '../services/notifications/outbox.js';
import { SentRecorder } from '../services/notifications/sent-recorder.js';
import { dashboardHeadline } from '../services/officers/dashboard-headline.js';
import { dashboardSeries } from '../services/officers/dashboard-series.js';
import { snapshotMissingData } from '../services/officers/missing-snapshot.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { applyVerifications, type VerificationInput } from '../services/register/verifications.js';
import { completeTask, ensureTasks } from '../services/reminders/tasks.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { refusal } from './support/officers.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';
import type { OpenedSession } from '../services/miniapp/sessions.js';
import type { DashboardSeries } from '../services/officers/dashboard-series.js';
import { aBeneficiary, register } from './support/register.js';

// Saturday 05/12/2026 in Vietnam: the daily charts cover 06/11–05/12, the monthly ones July–December.
const NOW = new Date('2026-12-05T10:00:00+07:00');
let clock = NOW;
let srv: MiniappServer;
const scopeOf = (role: Scope['role'], provinceCode: string, communeCodes: string[] = []) =>
  ({ role, officerId: stableId('test-officer', role, provinceCode), name: 'Thử', provinceCode, communeCodes }) as Scope;
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'web', now: () => clock });
const ADMIN_01 = acting(scopeOf('province_admin', '01'));
const BA_DINH = acting(scopeOf('commune_officer', '01', ['00004']));
const ADMIN_79 = acting(scopeOf('province_admin', '79'));

/** Puts notices in the outbox and records them as sent at `at`, the way a dispatcher does after the provider's OK. */
async function deliver(at: string, notices: Partial<Notice>[]): Promise<void> {
  const full = notices.map(
    (n, i): Notice =>
      ({
        channel: 'telegram',
        address: `${at}-${i}`,
        chatRef: stableId('chat', at, String(i)),
        beneficiaryId: null,
        eventKey: `test:${at}:${i}`,
        period: '2026-12',
        lane: 'personal',
        template: 'announcement',
        lang: 'vi',
        vars: { provinceName: 'Hà Nội', title: 'Thử', body: 'Thử' },
        ...n,
      }) as Notice,
  );
  const ids = await enqueueNew(full, new Date(at));
  const claimed = await notifications.claim(await notifications.byIds(ids), 'test-token', new Date(at));
  const recorder = new SentRecorder(
    'test-token',
    createLogger('silent'),
    () => {},
    () => new Date(at),
  );
  await Promise.all(claimed.map((n) => recorder.record(n.id, `pm-${n.id}`, n)));
}

const result = (nationalId: string, r: Partial<VerificationInput>): VerificationInput => ({
  nationalId,
  result: 'verified',
  mismatchFields: [],
  populationValues: {},
  reason: null,
  verifiedAt: null,
  ...r,
});

const taskId = (commune: string, task: string, period: string) => stableId('officer-task', commune, task, period);
const provinceDayDocs = () => mongoose.connection.db!.collection('province_days');

beforeAll(async () => {
  srv = await startMiniappServer({ MONGODB_URI: monitoredUri(process.env.MONGODB_URI!) }, { now: () => clock });
  await moreCommunes(srv.rt);
  const ctx = { sealer: srv.rt.sealer, entryPoint: 'import' as const, actor: 'test' };
  // Ba Đình: An, Bình (complete), Chi (no gender); Ngọc Hà: Dung; Sài Gòn (79): Em.
  const people = {
    an: aBeneficiary({ fullName: 'Nguyễn Thị An' }),
    binh: aBeneficiary({ fullName: 'Nguyễn Thị Bình' }),
    chi: aBeneficiary({ fullName: 'Nguyễn Thị Chi', gender: null }),
    dung: aBeneficiary({ communeCode: '00008' }),
    em: aBeneficiary({ provinceCode: '79', communeCode: '26734' }),
  };
  await register(srv.rt.sealer, Object.values(people));

  // Police results, counted on the day the police give.
  await applyVerifications(
    [
      result(people.an.nationalId, { verifiedAt: '2026-11-20' }),
      result(people.binh.nationalId, { result: 'mismatch', mismatchFields: ['full_name'], verifiedAt: '2026-12-01' }),
      result(people.dung.nationalId, { result: 'rejected', reason: 'Sai số tài khoản', verifiedAt: '2026-10-15' }),
      result(people.em.nationalId, { verifiedAt: '2026-12-02' }),
    ],
    ctx,
  );

  // Deliveries: 04/12 two Telegram in Ba Đình, one Zalo in Ngọc Hà, one ZNS in Sài Gòn, an officer's
  // notice (no place); 05/12 (00:30 in Vietnam) one in Ba Đình and a Hà Nội broadcast copy (no commune).
  await deliver('2026-12-04T09:00:00+07:00', [
    { provinceCode: '01', communeCode: '00004' },
    { provinceCode: '01', communeCode: '00004' },
    { channel: 'zalo', provinceCode: '01', communeCode: '00008' },
    { channel: 'zns', provinceCode: '79', communeCode: '26734' },
    {},
  ]);
  await deliver('2026-12-04T17:30:00Z', [
    { provinceCode: '01', communeCode: '00004' },
    { provinceCode: '01', broadcastId: 'b1' },
  ]);

  // November: Ba Đình did both tasks on time, Ngọc Hà neither (late). December's deadlines are still ahead.
  for (const period of ['2026-11', '2026-12']) await ensureTasks('01', period);
  clock = new Date('2026-11-19T09:00:00+07:00');
  for (const task of ['monthly_changes', 'payment_list'])
    await completeTask(BA_DINH, taskId('00004', task, '2026-11'), 'miniapp');

  // Missing data on 03/12: Chi lacks gender; on 05/12 Ngọc Hà's new record lacks ethnicity too.
  expect(await snapshotMissingData(new Date('2026-12-03T09:00:00+07:00'))).toHaveLength(34);
  await register(srv.rt.sealer, [aBeneficiary({ communeCode: '00008', ethnicity: null })]);
  expect(await snapshotMissingData(new Date('2026-12-05T07:00:00+07:00'))).toHaveLength(34);
  clock = NOW;
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});

describe('the dashboard series', () => {
  test('when a province administrator asks with no range, then the last 30 days and 6 months hold exactly the province’s figures', async () => {
    const s = await dashboardSeries(ADMIN_01);
    expect([s.from, s.to, s.months]).toEqual([
      '2026-11-06',
      '2026-12-05',
      ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
    ]);
    expect(s.delivered).toHaveLength(30);
    expect(s.delivered.filter((d) => d.total)).toEqual([
      { day: '2026-12-04', byChannel: { telegram: 2, zalo: 1, zns: 0 }, total: 3 },
      { day: '2026-12-05', byChannel: { telegram: 2, zalo: 0, zns: 0 }, total: 2 },
    ]);
    expect(s.missing.filter((m) => m.missingAny !== null)).toEqual([
      { day: '2026-12-03', missingAny: 1, active: 4 },
      { day: '2026-12-05', missingAny: 2, active: 5 },
    ]);
    expect(s.late.slice(-2)).toEqual([
      { period: '2026-11', late: 1, communes: 2 },
      { period: '2026-12', late: 0, communes: 2 },
    ]);
    expect(s.late[0]).toEqual({ period: '2026-07', late: 0, communes: 0 });
    expect(s.verification.slice(-3)).toEqual([
      { period: '2026-10', verified: 0, mismatch: 0, rejected: 1 },
      { period: '2026-11', verified: 1, mismatch: 0, rejected: 0 },
      { period: '2026-12', verified: 0, mismatch: 1, rejected: 0 },
    ]);
  });

  test('when a commune officer asks, then only their commune counts (the province-wide broadcast copy too is left out)', async () => {
    const s = await dashboardSeries(BA_DINH);
    expect(s.delivered.filter((d) => d.total).map((d) => [d.day, d.byChannel.telegram, d.total])).toEqual([
      ['2026-12-04', 2, 2],
      ['2026-12-05', 1, 1],
    ]);
    expect(s.missing.filter((m) => m.missingAny !== null)).toEqual([
      { day: '2026-12-03', missingAny: 1, active: 3 },
      { day: '2026-12-05', missingAny: 1, active: 3 },
    ]);
    expect(s.late.slice(-2).map((l) => [l.late, l.communes])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(s.verification.map((v) => v.verified + v.mismatch + v.rejected)).toEqual([0, 0, 0, 0, 1, 1]);
  });

  test('when another province’s administrator asks, then none of Hà Nội’s figures appear', async () => {
    const s = await dashboardSeries(ADMIN_79);
    expect(s.delivered.filter((d) => d.total)).toEqual([
      { day: '2026-12-04', byChannel: { telegram: 0, zalo: 0, zns: 1 }, total: 1 },
    ]);
    expect(s.verification.at(-1)).toEqual({ period: '2026-12', verified: 1, mismatch: 0, rejected: 0 });
    expect(s.missing.at(-1)).toEqual({ day: '2026-12-05', missingAny: 0, active: 1 });
  });

  test('when a province administrator narrows to one commune, then the figures are that commune’s', async () => {
    const s = await dashboardSeries(ADMIN_01, { communes: ['00008'] });
    expect(s.delivered.filter((d) => d.total).map((d) => [d.day, d.byChannel])).toEqual([
      ['2026-12-04', { telegram: 0, zalo: 1, zns: 0 }],
    ]);
    expect(s.late.at(-2)).toEqual({ period: '2026-11', late: 1, communes: 1 });
  });

  test('when someone reaches outside their scope, then it is refused (403) in Vietnamese', async () => {
    const otherCommune = await refusal(dashboardSeries(BA_DINH, { communes: ['00008'] }));
    expect([otherCommune.status, otherCommune.message]).toEqual([
      403,
      'Xã/phường này không thuộc địa bàn anh/chị phụ trách.',
    ]);
    expect((await refusal(dashboardSeries(ADMIN_01, { provinceCode: '79' }))).status).toBe(403);
    expect((await refusal(dashboardSeries(ADMIN_01, { communes: ['26734'] }))).status).toBe(403);
    expect((await refusal(dashboardSeries(BA_DINH, { provinceCode: '79' }))).status).toBe(403);
  });

  test('when a range is given, then the daily charts cover its days and the monthly ones the months it touches', async () => {
    const s = await dashboardSeries(ADMIN_01, { from: '2026-11-25', to: '2026-12-04' });
    expect([s.delivered.length, s.delivered.at(-1)!.total, s.months]).toEqual([10, 3, ['2026-11', '2026-12']]);
    const reversed = await refusal(dashboardSeries(ADMIN_01, { from: '2026-12-04', to: '2026-11-25' }));
    expect(reversed.message).toBe(
      'Khoảng thời gian không hợp lệ: "từ ngày" 04/12/2026 sau "đến ngày" 25/11/2026. Xin chọn lại.',
    );
    const long = await refusal(dashboardSeries(ADMIN_01, { from: '2025-01-01', to: '2026-12-04' }));
    expect(long.message).toMatch(/^Khoảng thời gian dài 703 ngày/);
  });
});

describe('the headline figures', () => {
  test('when a province administrator asks, then today’s deliveries, the queue, late communes, missing data and this month’s results are their province’s', async () => {
    expect(await dashboardHeadline(ADMIN_01)).toEqual({
      provinceCode: '01',
      provinceName: 'Hà Nội',
      day: '2026-12-05',
      period: '2026-12',
      deliveredToday: 2,
      // Chi's and the later Ngọc Hà record's details, never sent to the police (the others have results).
      queue: 2,
      lateCommunes: 0,
      missingAny: 2,
      verificationsThisMonth: 1,
    });
  });

  test('when a commune officer asks, then it is refused: the landing page shows a province to its administrator only', async () => {
    expect((await refusal(dashboardHeadline(BA_DINH))).status).toBe(403);
  });
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

describe('what a dashboard view costs the database', () => {
  test('when the series and the headline are read, then they take at most 9 and 5 commands, and never read the outbox', async () => {
    const counter = CommandCounter.forMongoose();
    const series = await counter.during(() => dashboardSeries(ADMIN_01));
    // province_days once; the late report: calendar, one read of tasks per month (6), the communes' names.
    expect(series.commands).toMatchObject({
      'find province_days': 1,
      'find province_calendars': 1,
      'find officer_tasks': 6,
    });
    // The communes' names are read once, then kept by the process (services/register/commune-names.ts).
    expect(totalOf(series.commands)).toBeLessThanOrEqual(9);
    const headline = await counter.during(() => dashboardHeadline(ADMIN_01));
    expect(headline.commands).toMatchObject({
      'find province_days': 1,
      'find officer_tasks': 1,
      'aggregate accounts': 1,
    });
    expect(totalOf(headline.commands)).toBeLessThanOrEqual(5);
    expect(
      Object.keys({ ...series.commands, ...headline.commands }).filter((k) => k.includes('notifications')),
    ).toEqual([]);
  });
});

describe('the missing-data snapshot', () => {
  test('when the job runs again the same day, then nothing is written twice and the morning’s figures stay', async () => {
    const before = await provinceDayDocs().findOne({ _id: '01:2026-12-05' as never });
    await register(srv.rt.sealer, [aBeneficiary({ communeCode: '00004', gender: null })]);
    expect(await snapshotMissingData(new Date('2026-12-05T15:00:00+07:00'))).toEqual([]);
    const after = await provinceDayDocs().findOne({ _id: '01:2026-12-05' as never });
    expect(after!.missing).toEqual(before!.missing);
    expect(after!.missingAt).toEqual(new Date('2026-12-05T07:00:00+07:00'));
    expect(await provinceDayDocs().countDocuments({ day: '2026-12-05' })).toBe(34);
  });

  test('when the next day comes, then the job writes that day’s snapshot, counting the change', async () => {
    expect(await snapshotMissingData(new Date('2026-12-06T00:05:00+07:00'))).toHaveLength(34);
    const doc = await provinceDayDocs().findOne({ _id: '01:2026-12-06' as never });
    expect(doc!.missing).toMatchObject({ missingAny: 3, active: 6, missing: { gender: 2, ethnicity: 1 } });
  });
});
