import { stableId } from '../../models/ids.js';
import { notifications } from '../../models/notification.js';
import { createLogger } from '../../services/log.js';
import { enqueueNew, type Notice } from '../../services/notifications/outbox.js';
import { SentRecorder } from '../../services/notifications/sent-recorder.js';
import { snapshotMissingData } from '../../services/officers/missing-snapshot.js';
import type { Acting, Scope } from '../../services/officers/scope.js';
import { applyVerifications, type VerificationInput } from '../../services/register/verifications.js';
import { completeTask, ensureTasks } from '../../services/reminders/tasks.js';
import type { MiniappServer } from './miniapp.js';
import { moreCommunes } from './officer-sessions.js';
import { aBeneficiary, register } from './register.js';

/** Saturday 05/12/2026 in Vietnam: the daily charts cover 06/11–05/12, the monthly ones July–December. */
export const DASHBOARD_NOW = new Date('2026-12-05T10:00:00+07:00');

/** The clock the dashboard tests move (the server's and the officers'). */
export const dashboardClock = { now: DASHBOARD_NOW };

const scopeOf = (role: Scope['role'], provinceCode: string, communeCodes: string[] = []) =>
  ({ role, officerId: stableId('test-officer', role, provinceCode), name: 'Thử', provinceCode, communeCodes }) as Scope;
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'web', now: () => dashboardClock.now });
export const ADMIN_01 = acting(scopeOf('province_admin', '01'));
export const BA_DINH = acting(scopeOf('commune_officer', '01', ['00004']));
export const ADMIN_79 = acting(scopeOf('province_admin', '79'));

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

/**
 * Two provinces' worth of dashboard history, through the code that writes it in production (the
 * results import, the sent recorder, the task calendar, the snapshot): the figures the dashboard
 * tests expect exactly.
 */
export async function seedDashboard(srv: MiniappServer): Promise<void> {
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
  dashboardClock.now = new Date('2026-11-19T09:00:00+07:00');
  for (const task of ['monthly_changes', 'payment_list'])
    await completeTask(BA_DINH, taskId('00004', task, '2026-11'), 'miniapp');

  // Missing data on 03/12: Chi lacks gender; on 05/12 Ngọc Hà's new record lacks ethnicity too.
  expect(await snapshotMissingData(new Date('2026-12-03T09:00:00+07:00'))).toHaveLength(34);
  await register(srv.rt.sealer, [aBeneficiary({ communeCode: '00008', ethnicity: null })]);
  expect(await snapshotMissingData(new Date('2026-12-05T07:00:00+07:00'))).toHaveLength(34);
  dashboardClock.now = DASHBOARD_NOW;
}
