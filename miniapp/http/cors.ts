import type { RequestHandler } from 'express';

/**
 * CORS under /app, for the Zalo Mini App: Zalo serves its package from its own domain, which fetches
 * our shell and calls the API cross-origin with a bearer token (no cookies, so `credentials` stays
 * off). Only the listed origins are answered; with none listed, nothing cross-origin is allowed.
 * A preflight is answered here, before rate limits and CSRF checks.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next();
    res.vary('Origin');
    res.set('access-control-allow-origin', origin);
    if (req.method !== 'OPTIONS') return next();
    res.set({
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, x-csrf-token, accept-language',
      'access-control-max-age': '600',
    });
    res.status(204).end();
  };
}
