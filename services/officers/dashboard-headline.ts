import { verificationQueue } from '../../models/verification-queue.js';
import { provinceByCode } from '../../models/provinces.js';
import { AppError } from '../errors.js';
import { todayInVietnam } from '../format.js';
import { dashboardSeries } from './dashboard-series.js';
import { SCOPE_WORDS, type Acting } from './scope.js';

/** A province's figures at a glance, as the landing page shows them to its administrator: counts only. */
export type Headline = {
  provinceCode: string;
  provinceName: string;
  day: string;
  period: string;
  deliveredToday: number;
  /** Account details waiting for the officers (submitted, not yet sent to the police). */
  queue: number;
  lateCommunes: number;
  /** Records missing required data at the latest snapshot of this month (null: none taken yet). */
  missingAny: number | null;
  verificationsThisMonth: number;
};

/**
 * The headline figures of a province administrator's province (anyone else is refused: the landing
 * page shows a province to its administrator only). The series from the month's first day to
 * today, plus one count of the queue: 5 commands.
 */
export async function dashboardHeadline(acting: Acting): Promise<Headline> {
  const s = acting.scope;
  if (s.role !== 'province_admin') throw new AppError('forbidden', SCOPE_WORDS.adminOnly);
  const day = todayInVietnam(acting.now());
  const period = day.slice(0, 7);
  const [series, queue] = await Promise.all([
    dashboardSeries(acting, { from: `${period}-01`, to: day }),
    verificationQueue.count({ provinceCode: s.provinceCode }, ['submitted']),
  ]);
  const snapshot = [...series.missing].reverse().find((m) => m.missingAny !== null);
  const sum = (r: { verified: number; mismatch: number; rejected: number }) => r.verified + r.mismatch + r.rejected;
  return {
    provinceCode: s.provinceCode,
    provinceName: provinceByCode(s.provinceCode)?.name ?? s.provinceCode,
    day,
    period,
    deliveredToday: series.delivered.at(-1)?.total ?? 0,
    queue,
    lateCommunes: series.late.at(-1)?.late ?? 0,
    missingAny: snapshot?.missingAny ?? null,
    verificationsThisMonth: series.verification.reduce((n, r) => n + sum(r), 0),
  };
}
