import { Router, type Request, type RequestHandler } from 'express';
import { defaultLateRange, lateCommunes } from '../../services/reminders/late-report.js';
import { lateReportFileName, writeLateReportXlsx } from '../../services/reminders/late-report-xlsx.js';
import { apiErrors } from '../http/api-errors.js';
import { CONTENT_TYPES, oneIn } from '../http/officer-input.js';
import { officerGuards } from '../http/officer-guards.js';
import { perMinute } from '../http/security.js';
import type { MiniappHttpDeps } from './app-api.js';

const PUBLIC_PATH = '/api/reports/late-communes';
const APP_PATH = '/app/api/officer/late-communes';

/**
 * The late-communes report over HTTP: `GET /api/reports/late-communes?province=01&from=2026-09&to=2026-12`
 * for other systems (Bearer session token), and the officer section's JSON and XLSX under /app/api/officer.
 * All need an officer's live session; the service checks the scope and the range.
 */
export function reportsApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const { read, actingIn } = officerGuards(deps);
  const rangeIn = (req: Request) => {
    const provinceCode = oneIn(req.query.province);
    return {
      ...(provinceCode ? { provinceCode } : {}),
      from: oneIn(req.query.from) ?? '',
      to: oneIn(req.query.to) ?? '',
    };
  };
  const json: RequestHandler = async (req, res) => {
    res.set('cache-control', 'no-store').json(await lateCommunes(actingIn(res), rangeIn(req)));
  };

  r.get(PUBLIC_PATH, perMinute(deps.perIpPerMinute), ...read, json);
  // The officer section opens without a range: the last months by the server's clock in Vietnam, not the phone's.
  r.get(APP_PATH, ...read, async (req, res) => {
    const range = rangeIn(req);
    const asked = req.query.from !== undefined || req.query.to !== undefined;
    const acting = actingIn(res);
    res
      .set('cache-control', 'no-store')
      .json(await lateCommunes(acting, asked ? range : { ...range, ...defaultLateRange(acting.now()) }));
  });
  r.get(`${APP_PATH}.xlsx`, ...read, async (req, res) => {
    const range = rangeIn(req);
    const acting = actingIn(res);
    const province = range.provinceCode ?? acting.scope.provinceCode ?? '';
    res.set('cache-control', 'no-store').attachment(lateReportFileName(province, range.from, range.to));
    res.type(CONTENT_TYPES.xlsx);
    await writeLateReportXlsx(acting, range, res);
    if (!res.writableEnded) res.end();
  });
  r.use([PUBLIC_PATH, APP_PATH, `${APP_PATH}.xlsx`], apiErrors(deps.log));
  return r;
}
