import type { Request, RequestHandler } from 'express';
import { noteHttpRequest } from '../../services/metrics.js';

/**
 * The route pattern a request matched (e.g. /app/w/:token), or "unmatched": a raw path would carry
 * ids and link tokens into the labels, and unbounded label values would swamp Prometheus.
 */
function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  return req.baseUrl + route.path;
}

/** Times every request and records it by method, route pattern and status class once the answer is sent. */
export function requestMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      noteHttpRequest(req.method, routeOf(req), res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}
