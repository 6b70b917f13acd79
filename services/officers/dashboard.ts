import { communes } from '../../models/commune.js';
import { verificationFigures } from '../../models/verification-figures.js';
import { periodOf } from '../format.js';
import { missingDataReport } from './missing-data.js';
import { areaOf, type Acting } from './scope.js';

/** This period's figures for one commune or a whole scope. */
export type Figures = {
  queue: number;
  awaitingPolice: number;
  resultsThisMonth: number;
  missingAny: number;
  active: number;
};

/** What the officer section opens on: totals for the scope, and per commune (one row for a commune officer's each). */
export type Dashboard = { period: string; totals: Figures; communes: ({ code: string; name: string } & Figures)[] };

const ZERO: Figures = { queue: 0, awaitingPolice: 0, resultsThisMonth: 0, missingAny: 0, active: 0 };

/** The first instant of this month in Vietnam (UTC+7, no daylight saving). */
function monthStart(period: string): Date {
  return new Date(`${period}-01T00:00:00+07:00`);
}

/** The dashboard for the acting officer's scope: plain numbers, no personal data (so not audited). */
export async function officerDashboard(acting: Acting): Promise<Dashboard> {
  const period = periodOf(acting.now());
  const area = areaOf(acting.scope);
  // A province administrator sees every commune of the province, those with nothing to do too.
  const [verification, missing, provinceCommunes] = await Promise.all([
    verificationFigures(area, monthStart(period)),
    missingDataReport(acting, {}),
    acting.scope.role === 'province_admin' ? communes.ofProvince(acting.scope.provinceCode) : [],
  ]);
  const byCode = new Map<string, { code: string; name: string } & Figures>();
  const row = (code: string, name = code) => byCode.get(code) ?? byCode.set(code, { code, name, ...ZERO }).get(code)!;
  for (const c of missing.communes) Object.assign(row(c.code, c.name), { missingAny: c.missingAny, active: c.active });
  for (const [code, f] of verification) {
    const r = row(code);
    r.queue = f.byState.submitted ?? 0;
    r.awaitingPolice = f.byState.verifying ?? 0;
    r.resultsThisMonth = f.resultsSince;
  }
  for (const code of acting.scope.communeCodes) row(code);
  for (const c of provinceCommunes) row(c.code, c.name).name = c.name;
  const unnamed = [...byCode.values()].filter((r) => r.name === r.code).map((r) => r.code);
  if (unnamed.length) {
    const named = new Map((await communes.byCodes(unnamed)).map((c) => [c.code, c.name]));
    for (const code of unnamed) row(code).name = named.get(code) ?? code;
  }
  const rows = [...byCode.values()].sort(
    (a, b) => b.queue + b.missingAny - (a.queue + a.missingAny) || a.code.localeCompare(b.code),
  );
  const totals = rows.reduce<Figures>(
    (t, r) => ({
      queue: t.queue + r.queue,
      awaitingPolice: t.awaitingPolice + r.awaitingPolice,
      resultsThisMonth: t.resultsThisMonth + r.resultsThisMonth,
      missingAny: t.missingAny + r.missingAny,
      active: t.active + r.active,
    }),
    { ...ZERO },
  );
  return { period, totals, communes: rows };
}
