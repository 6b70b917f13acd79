import express, { type ErrorRequestHandler, type Express } from 'express';
import { handleError } from '../services/errors.js';
import type { Logger } from '../services/log.js';
import { noteDatabaseKind } from '../services/metrics.js';
import { metricsRoute } from './routes/metrics.js';

/**
 * A worker's own GET /metrics (WORKER_METRICS_PORT): the sends, 429s, retries and job runs are
 * counted in the process that does them, and a worker serves no other HTTP.
 */
export function createMetricsApp(deps: { log: Logger; databaseKind: string; metricsToken: string | null }): Express {
  const app = express();
  app.disable('x-powered-by');
  noteDatabaseKind(deps.databaseKind);
  app.use(metricsRoute(deps.metricsToken));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const outcome = handleError(err, deps.log);
    res.status(outcome.status).json({ error: outcome.code, message: outcome.message });
  };
  app.use(onError);
  return app;
}
