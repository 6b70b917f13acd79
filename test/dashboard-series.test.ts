import mongoose from 'mongoose';
import { CommandCounter, monitoredUri, totalOf } from '../bench/support/commands.js';
import { dashboardHeadline } from '../services/officers/dashboard-headline.js';
import { dashboardSeries } from '../services/officers/dashboard-series.js';
import { snapshotMissingData } from '../services/officers/missing-snapshot.js';
import { ADMIN_01, ADMIN_79, BA_DINH, dashboardClock, seedDashboard } from './support/dashboard-seed.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { refusal } from './support/officers.js';
import { aBeneficiary, register } from './support/register.js';

let srv: MiniappServer;
const provinceDayDocs = () => mongoose.connection.db!.collection('province_days');

beforeAll(async () => {
  srv = await startMiniappServer(
    { MONGODB_URI: monitoredUri(process.env.MONGODB_URI!) },
    { now: () => dashboardClock.now },
  );
  await seedDashboard(srv);
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
