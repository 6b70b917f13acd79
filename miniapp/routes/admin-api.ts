import crypto from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { AppError } from '../../services/errors.js';
import { notificationStats, periodOrCurrent } from '../../services/notifications/stats.js';

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * Admin-only API (until officer roles exist): `Authorization: Bearer ADMIN_TOKEN`. With no token
 * configured the routes are off, so a fresh install exposes nothing.
 */
export function adminApi(adminToken: string | null): Router {
  const router = Router();
  const requireAdmin: RequestHandler = (req, _res, next) => {
    if (!adminToken) return next(new AppError('not_found', 'Chức năng quản trị chưa được bật (cần đặt ADMIN_TOKEN).'));
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!given || !sameSecret(given, adminToken))
      return next(new AppError('unauthorized', 'Thiếu hoặc sai mã quản trị (Authorization: Bearer …).'));
    next();
  };
  router.get('/api/notifications/stats', requireAdmin, async (req, res) => {
    const period = periodOrCurrent(req.query.period);
    res.json(await notificationStats(period));
  });
  return router;
}
