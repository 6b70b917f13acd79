import { Router } from 'express';
import { notificationStats, periodOrCurrent } from '../../services/notifications/stats.js';
import { requireBearer } from '../http/bearer.js';

/**
 * Admin-only API (until officer roles exist): `Authorization: Bearer ADMIN_TOKEN`. With no token
 * configured the routes are off, so a fresh install exposes nothing.
 */
export function adminApi(adminToken: string | null): Router {
  const router = Router();
  const requireAdmin = requireBearer(adminToken, {
    off: 'Chức năng quản trị chưa được bật (cần đặt ADMIN_TOKEN).',
    wrong: 'Thiếu hoặc sai mã quản trị (Authorization: Bearer …).',
  });
  router.get('/api/notifications/stats', requireAdmin, async (req, res) => {
    const period = periodOrCurrent(req.query.period);
    res.json(await notificationStats(period));
  });
  return router;
}
