import { Router } from 'express';
import { exposition } from '../../services/metrics.js';
import { requireBearer } from '../http/bearer.js';

/**
 * GET /metrics for Prometheus, behind its own token (METRICS_TOKEN): a scraper's configuration
 * holds its token in clear on another machine, and that token must not open the admin API too.
 * Unset, the endpoint answers 404.
 */
export function metricsRoute(metricsToken: string | null): Router {
  const router = Router();
  const guard = requireBearer(metricsToken, {
    off: 'Số liệu giám sát chưa được bật (cần đặt METRICS_TOKEN). / Metrics are off (set METRICS_TOKEN).',
    wrong: 'Thiếu hoặc sai mã số liệu giám sát (Authorization: Bearer METRICS_TOKEN).',
  });
  router.get('/metrics', guard, async (_req, res) => {
    const { contentType, body } = await exposition();
    res.set('cache-control', 'no-store').type(contentType).send(body);
  });
  return router;
}
