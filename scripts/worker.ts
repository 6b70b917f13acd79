import http from 'node:http';
import { createLogger } from '../services/log.js';
import { startRuntime } from '../services/runtime.js';
import { startNotifications } from '../services/notifications/index.js';
import { channelsFromConfig } from '../bot/channels.js';
import { configOrExit, exitOnStartFailure, onShutdown } from './process.js';
import { createMetricsApp } from '../miniapp/metrics-server.js';

/**
 * A background worker: the same jobs and notification dispatcher as the web process, without
 * HTTP. Run as many as needed against one MongoDB; claims and Agenda's locks keep work unshared.
 */
async function main() {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL).child({ process: 'worker' });
  const runtime = await startRuntime(config, log, { jobs: true, persistent: !config.MONGODB_URI });
  const notifications = await startNotifications(runtime, channelsFromConfig(config, runtime));
  log.info({ database: runtime.database.kind }, `Tin An Sinh worker running (database: ${runtime.database.kind})`);
  let metricsServer: http.Server | null = null;
  if (config.WORKER_METRICS_PORT && config.METRICS_TOKEN) {
    const app = createMetricsApp({ log, databaseKind: runtime.database.kind, metricsToken: config.METRICS_TOKEN });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(config.WORKER_METRICS_PORT, config.HOST, resolve));
    metricsServer = server;
    log.info({ port: config.WORKER_METRICS_PORT }, 'worker metrics at /metrics');
  } else if (config.WORKER_METRICS_PORT) {
    log.warn('WORKER_METRICS_PORT is set without METRICS_TOKEN: the worker serves no metrics');
  }

  onShutdown(config, log, 'worker shutting down: finishing sends already due, handing the rest back', async () => {
    metricsServer?.close();
    await notifications.stop();
    await runtime.stop();
  });
}

main().catch(exitOnStartFailure('Tin An Sinh worker'));
