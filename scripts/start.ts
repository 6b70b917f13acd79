import http from 'node:http';
import { ConfigError, loadConfig } from '../services/config.js';
import { createLogger } from '../services/log.js';
import { startRuntime } from '../services/runtime.js';
import { seedDemoIfEmpty } from '../services/demo/seed.js';
import { createHttpApp } from '../miniapp/server.js';
import { prepareTelegram, WEBHOOK_PATH } from '../bot/telegram/run.js';
import { linkPolicy } from '../services/linking/context.js';
import { startNotifications } from '../services/notifications/index.js';
import { channelsFromConfig } from '../bot/channels.js';

/** Boots the web process: database, jobs, demo data on an empty local database, HTTP. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, log, { jobs: true, persistent: !config.MONGODB_URI });
  if (!config.isProduction && config.DEMO_DATA === 'on' && !config.MONGODB_URI) {
    const seeded = await seedDemoIfEmpty(runtime.sealer);
    if (seeded) log.info(seeded, 'empty database: loaded the demonstration register (DEMO_DATA=off disables this)');
  }
  const notifications = await startNotifications(runtime, channelsFromConfig(config));
  let shuttingDown = false;
  const telegram = prepareTelegram(config, { sealer: runtime.sealer, policy: linkPolicy(config), now: () => new Date() }, log);
  const app = createHttpApp({
    log,
    databaseKind: runtime.database.kind,
    schedulerRunning: () => runtime.scheduler?.isRunning() ?? false,
    isShuttingDown: () => shuttingDown,
    adminToken: config.ADMIN_TOKEN ?? null,
    ...(telegram?.webhook ? { telegramWebhook: { path: WEBHOOK_PATH, handler: telegram.webhook } } : {}),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as { port: number };
  log.info({ port, database: runtime.database.kind }, `Tin An Sinh is listening on http://localhost:${port} (database: ${runtime.database.kind})`);
  await telegram?.start().catch((err: unknown) => log.error({ err }, 'Telegram bot could not start; the service runs without it'));

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: no new requests, letting running jobs finish');
    const force = setTimeout(() => { log.error('shutdown took too long; exiting'); process.exit(1); }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    await telegram?.stop().catch((err: unknown) => log.warn({ err }, 'Telegram bot did not stop cleanly'));
    server.close();
    server.closeIdleConnections();
    await notifications.stop();
    await runtime.stop();
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Tin An Sinh could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
