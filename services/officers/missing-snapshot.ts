import { missingData } from '../../models/missing-data.js';
import { provinceDays } from '../../models/province-days.js';
import { allProvinces } from '../../models/provinces.js';
import { todayInVietnam } from '../format.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { add, zero, type MissingCounts } from './missing-data.js';

const EVERY_MS = 60 * 60_000;

/**
 * Stores today's missing-data counts (Vietnam's day) of every province that has none yet, per
 * commune and in total: the history the dashboard's chart draws, since the register keeps only the
 * present. One read when all are stored; otherwise one aggregation and one write per province.
 * Returns the provinces written.
 */
export async function snapshotMissingData(now: Date): Promise<string[]> {
  const day = todayInVietnam(now);
  const codes = allProvinces().map((p) => p.code);
  const stored = await provinceDays.withMissing(codes, day);
  const written: string[] = [];
  // One province at a time: a whole-country pass once a day need not compete with officers' pages.
  for (const provinceCode of codes.filter((c) => !stored.has(c))) {
    const totals = zero();
    const byCommune: Record<string, MissingCounts> = {};
    for (const g of await missingData.groups({ provinceCode })) {
      add((byCommune[g.communeCode] ??= zero()), g);
      add(totals, g);
    }
    await provinceDays.putMissing(provinceCode, day, totals, byCommune, now);
    written.push(provinceCode);
  }
  return written;
}

/** The snapshot job: at start, then hourly, so a day missed while no worker ran is taken as soon as one runs. */
export async function scheduleMissingSnapshot(scheduler: Scheduler): Promise<void> {
  scheduler.define('missing-data-snapshot', async (_data, log) => {
    const written = await snapshotMissingData(new Date());
    if (written.length) log.info({ provinces: written.length }, 'missing-data snapshot stored');
  });
  await scheduler.every(EVERY_MS, 'missing-data-snapshot');
}
