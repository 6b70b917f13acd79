import http from 'node:http';
import { createLogger } from '../services/log.js';
import { startRuntime } from '../services/runtime.js';
import { seedDemoIfEmpty } from '../services/demo/seed.js';
import { createHttpApp } from '../miniapp/server.js';
import { prepareTelegram, WEBHOOK_PATH } from '../bot/telegram/run.js';
import { linkPolicy } from '../services/linking/policy.js';
import { startNotifications } from '../services/notifications/index.js';
import { channelsFromConfig } from '../bot/channels.js';
import { machineApiDeps, miniappHttpDeps } from '../miniapp/wiring.js';
import { prepareZalo, ZALO_WEBHOOK_PATH } from '../bot/zalo/run.js';
import { configOrExit, exitOnStartFailure, onShutdown } from './process.js';

/** Boots the web process: database, jobs, demo data on an empty local database, HTTP. */
async function main() {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, { jobs: true, persistent: !config.MONGODB_URI });
  if (!config.isProduction && config.DEMO_DATA === 'on' && !config.MONGODB_URI) {
    const seeded = await seedDemoIfEmpty(runtime.sealer);
    if (seeded) log.info(seeded, 'empty database: loaded the demonstration register (DEMO_DATA=off disables this)');
  }
  const notifications = await startNotifications(runtime, channelsFromConfig(config, runtime));
  let shuttingDown = false;
  const linking = { sealer: runtime.sealer, policy: linkPolicy(config), now: () => new Date() };
  const telegram = prepareTelegram(config, linking, log);
  const zaloOa = runtime.zalo;
  const zalo = await prepareZalo(config, {
    linking,
    log,
    client: zaloOa?.client ?? null,
    scheduler: runtime.scheduler,
  });
  const app = createHttpApp({
    log,
    databaseKind: runtime.database.kind,
    schedulerRunning: () => runtime.scheduler?.isRunning() ?? false,
    isShuttingDown: () => shuttingDown,
    adminToken: config.ADMIN_TOKEN ?? null,
    metricsToken: config.METRICS_TOKEN ?? null,
    miniapp: miniappHttpDeps(config, runtime.sealer, log),
    machineApi: machineApiDeps(config, runtime.sealer, log),
    trustProxy: config.TRUST_PROXY,
    ...(telegram?.webhook ? { telegramWebhook: { path: WEBHOOK_PATH, handler: telegram.webhook } } : {}),
    ...(zalo ? { zaloWebhook: { path: ZALO_WEBHOOK_PATH, handler: zalo.webhook } } : {}),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as { port: number };
  log.info(
    { port, database: runtime.database.kind },
    `Tin An Sinh is listening on http://localhost:${port} (database: ${runtime.database.kind})`,
  );
  await telegram
    ?.start()
    .catch((err: unknown) => log.error({ err }, 'Telegram bot could not start; the service runs without it'));

  onShutdown(config, log, 'shutting down: no new requests, letting running jobs finish', async () => {
    shuttingDown = true;
    await telegram?.stop().catch((err: unknown) => log.warn({ err }, 'Telegram bot did not stop cleanly'));
    server.close();
    server.closeIdleConnections();
    await zalo?.stop().catch((err: unknown) => log.warn({ err }, 'Zalo events did not finish cleanly'));
    await notifications.stop();
    await runtime.stop();
  });
}

main().catch(exitOnStartFailure('Tin An Sinh'));
