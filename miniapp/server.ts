import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import crypto from 'node:crypto';
import { handleError } from '../services/errors.js';
import { withCorrelation } from '../services/correlation.js';
import type { Logger } from '../services/log.js';
import { readRegisterStats } from '../services/register/stats.js';
import type { DatabaseKind } from '../models/db/kinds.js';
import { pingDatabase } from '../models/db/connection.js';
import { HOME_CSS, HOME_SCRIPT_DIR, homePage } from './home-page.js';
import { adminApi } from './routes/admin-api.js';
import compression from 'compression';
import { miniappApi, type MiniappHttpDeps } from './routes/app-api.js';
import { miniappPages } from './routes/app-pages.js';
import { officerApi } from './routes/officer-api.js';
import { officerTasksApi } from './routes/officer-tasks-api.js';
import { reportsApi } from './routes/reports-api.js';
import { dashboardApi } from './routes/dashboard-api.js';
import { broadcastsApi } from './routes/broadcasts-api.js';
import { apiKeysApi } from './routes/api-keys-api.js';
import { machineApi, MACHINE_BASE, type MachineApiDeps } from './routes/machine-api.js';
import { machineDocs } from './routes/machine-docs.js';
import { downloadRoutes } from './routes/downloads.js';
import { perMinute, securityHeaders } from './http/security.js';
import { corsFor } from './http/cors.js';
import { BODY_WORDS, unreadableRequestStatus } from './http/api-errors.js';
import { requestMetrics } from './http/request-metrics.js';
import { metricsRoute } from './routes/metrics.js';
import { noteDatabaseKind } from '../services/metrics.js';

/** What the HTTP side needs from the running process. */
export type HttpDeps = {
  log: Logger;
  databaseKind: DatabaseKind;
  schedulerRunning: () => boolean;
  isShuttingDown: () => boolean;
  /** Telegram webhook mode: the bot's handler (it answers 401 to a wrong or missing secret token). */
  telegramWebhook?: { path: string; handler: RequestHandler };
  /** The Zalo OA webhook (bot/zalo/run.ts): checks Zalo's signature itself and answers 401 to anything else. */
  zaloWebhook?: { path: string; handler: RequestHandler };
  /** Bearer token of the admin API; null switches it off. */
  adminToken?: string | null;
  /** Bearer token of GET /metrics (Prometheus); null switches it off. */
  metricsToken?: string | null;
  /** The machine API at /api/v1 (API keys) and its OpenAPI document; on whether or not the mini-app is. */
  machineApi?: MachineApiDeps & { publicUrl: string };
  /** The mini-app at /app; absent, /app says it is not available. */
  miniapp?: MiniappHttpDeps;
  /** Express's "trust proxy" (TRUST_PROXY), so rate limits see the client's address behind a proxy. */
  trustProxy?: string;
};

/** Builds the Express app: health endpoints, the landing page, the admin API, the Telegram and Zalo webhooks and the mini-app. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const trust = deps.trustProxy ?? 'off';
  app.set('trust proxy', trust === 'off' ? false : /^\d+$/.test(trust) ? Number(trust) : trust);
  noteDatabaseKind(deps.databaseKind);
  // First, so the webhooks' time is measured too.
  app.use(requestMetrics());
  // Telegram's updates first: no browser reads these answers, and they are the bot's hottest path.
  // The route reads its own body (bot/telegram/run.ts).
  if (deps.telegramWebhook) app.post(deps.telegramWebhook.path, deps.telegramWebhook.handler);
  // Zalo's signature covers the raw body, so this route reads it itself too.
  if (deps.zaloWebhook) app.post(deps.zaloWebhook.path, deps.zaloWebhook.handler);
  app.use(securityHeaders());
  app.use((req, res, next) => {
    const requestId = crypto.randomUUID();
    // A web link's or download ticket's path is its secret: it never reaches the logs.
    res.locals.log = deps.log.child({
      requestId,
      method: req.method,
      path: req.path.replace(/^\/app\/(w|dl)\/.+/, '/app/$1/…'),
    });
    // The request is the entry: the notices it creates carry its id (services/correlation.ts).
    withCorrelation(requestId, next);
  });

  app.get('/healthz', async (_req, res) => {
    const ok = !deps.isShuttingDown() && (await pingDatabase());
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: deps.databaseKind });
  });

  app.get('/readyz', async (_req, res) => {
    const db = await pingDatabase();
    const jobs = deps.schedulerRunning();
    const ok = db && jobs && !deps.isShuttingDown();
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      database: deps.databaseKind,
      databaseUp: db,
      scheduler: jobs ? 'running' : 'stopped',
    });
  });

  app.get('/', async (_req, res) => {
    const stats = await readRegisterStats();
    res.type('html').send(homePage({ databaseKind: deps.databaseKind, stats, officerHeadline: !!deps.miniapp }));
  });
  app.get('/home.css', (_req, res) => {
    res.type('css').set('cache-control', 'public, max-age=300').send(HOME_CSS);
  });
  if (deps.miniapp)
    app.get('/home.js', (_req, res) => {
      res.set('cache-control', 'public, max-age=300').sendFile('home.js', { root: HOME_SCRIPT_DIR });
    });

  app.use(adminApi(deps.adminToken ?? null));
  app.use(metricsRoute(deps.metricsToken ?? null));

  if (deps.machineApi) {
    // Per address in front of the key check, so guessing keys costs the guesser; then per key.
    app.use(MACHINE_BASE, perMinute(deps.machineApi.perKeyPerMinute * 10));
    app.use(`${MACHINE_BASE}/docs`, compression());
    app.use(machineDocs(deps.machineApi));
    app.use(machineApi(deps.machineApi));
  }

  if (deps.miniapp) {
    app.use('/app', corsFor(deps.miniapp.corsOrigins), compression(), perMinute(deps.miniapp.perIpPerMinute));
    app.use(miniappPages(deps.miniapp));
    app.use(officerTasksApi(deps.miniapp));
    app.use(reportsApi(deps.miniapp));
    app.use(dashboardApi(deps.miniapp));
    app.use(broadcastsApi(deps.miniapp));
    app.use(apiKeysApi(deps.miniapp));
    app.use(officerApi(deps.miniapp));
    app.use(downloadRoutes(deps.miniapp));
    app.use(miniappApi(deps.miniapp));
  } else {
    app.get('/app', (_req, res) => {
      res
        .status(503)
        .type('html')
        .send(
          '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Tin An Sinh</title><p>Ứng dụng chưa được bật trên máy chủ này. / The mini-app is not switched on on this server.</p></html>',
        );
    });
  }

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const unreadable = unreadableRequestStatus(err);
    if (unreadable !== null)
      return void res.status(unreadable).json({ error: 'invalid_input', message: BODY_WORDS.unreadable.vi });
    const outcome = handleError(err, res.locals.log ?? deps.log);
    res.status(outcome.status).json({ error: outcome.code, message: outcome.message });
  };
  app.use(onError);
  return app;
}
