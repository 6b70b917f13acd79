import { Router } from 'express';
import { dashboardHeadline } from '../../services/officers/dashboard-headline.js';
import { dashboardSeries } from '../../services/officers/dashboard-series.js';
import { apiErrors } from '../http/api-errors.js';
import { seriesQueryIn } from '../http/dashboard-input.js';
import { officerGuards } from '../http/officer-guards.js';
import type { MiniappHttpDeps } from './app-api.js';

const SERIES = '/app/api/officer/dashboard/series';
const HEADLINE = '/app/api/officer/dashboard/headline';

/**
 * The dashboard's charts and the landing page's headline figures, under the officer guards; the
 * services check the scope (headline: a province administrator only). Counts only, no personal data.
 */
export function dashboardApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const { read, actingIn } = officerGuards(deps);
  r.get(SERIES, ...read, async (req, res) => {
    const query = seriesQueryIn(req.query);
    res.set('cache-control', 'no-store').json(await dashboardSeries(actingIn(res), query));
  });
  r.get(HEADLINE, ...read, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await dashboardHeadline(actingIn(res)));
  });
  r.use([SERIES, HEADLINE], apiErrors(deps.log));
  return r;
}
