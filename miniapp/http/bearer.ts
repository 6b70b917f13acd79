import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../../services/errors.js';

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * `Authorization: Bearer <token>`. With no token configured the routes behind it answer 404, so a
 * fresh install exposes nothing; the messages name the setting that switches them on and the token asked for.
 */
export function requireBearer(token: string | null, messages: { off: string; wrong: string }): RequestHandler {
  return (req, _res, next) => {
    if (!token) return next(new AppError('not_found', messages.off));
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!given || !sameSecret(given, token)) return next(new AppError('unauthorized', messages.wrong));
    next();
  };
}
