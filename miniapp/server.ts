import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import crypto from 'node:crypto';
import { handleError } from '../services/errors.js';
import type { Logger } from '../services/log.js';
import { readRegisterStats } from '../services/register/stats.js';
import type { DatabaseKind } from '../models/db/kinds.js';
import { pingDatabase } from '../models/db/connection.js';
import { homePage } from './home-page.js';
import { adminApi } from './routes/admin-api.js';

/** What the HTTP side needs from the running process. */
export type HttpDeps = {
  log: Logger; databaseKind: DatabaseKind; schedulerRunning: () => boolean; isShuttingDown: () => boolean;
  /** Telegram webhook mode: the bot's handler (it answers 401 to a wrong or missing secret token). */
  telegramWebhook?: { path: string; handler: RequestHandler };
  /** Bearer token of the admin API; null switches it off. */
  adminToken?: string | null;
};

/** Builds the Express app: health endpoints, the landing page, and (later) the mini-app. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.locals.log = deps.log.child({ requestId: crypto.randomUUID(), method: req.method, path: req.path });
    next();
  });

  if (deps.telegramWebhook) app.post(deps.telegramWebhook.path, express.json({ limit: '1mb' }), deps.telegramWebhook.handler);

  app.get('/healthz', async (_req, res) => {
    const ok = !deps.isShuttingDown() && (await pingDatabase());
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: deps.databaseKind });
  });

  app.get('/readyz', async (_req, res) => {
    const db = await pingDatabase();
    const jobs = deps.schedulerRunning();
    const ok = db && jobs && !deps.isShuttingDown();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: deps.databaseKind, databaseUp: db, scheduler: jobs ? 'running' : 'stopped' });
  });

  app.get('/', async (_req, res) => {
    const stats = await readRegisterStats();
    res.type('html').send(homePage({ databaseKind: deps.databaseKind, stats }));
  });

  app.use(adminApi(deps.adminToken ?? null));

  app.get('/app', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tin An Sinh</title><p>Ứng dụng đang được xây dựng. / The mini-app is being built.</p></html>');
  });

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const outcome = handleError(err, res.locals.log ?? deps.log);
    res.status(outcome.status).json({ error: outcome.code, message: outcome.message });
  };
  app.use(onError);
  return app;
}
