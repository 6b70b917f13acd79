import { ConfigError, loadConfig } from '../services/config.js';
import { createLogger } from '../services/log.js';
import { startRuntime } from '../services/runtime.js';
import { startNotifications } from '../services/notifications/index.js';
import { channelsFromConfig } from '../bot/channels.js';

/**
 * A background worker: the same jobs and notification dispatcher as the web process, without
 * HTTP. Run as many as needed against one MongoDB; claims and Agenda's locks keep work unshared.
 */
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
  const log = createLogger(config.LOG_LEVEL).child({ process: 'worker' });
  const runtime = await startRuntime(config, log, { jobs: true, persistent: !config.MONGODB_URI });
  const notifications = await startNotifications(runtime, channelsFromConfig(config));
  log.info({ database: runtime.database.kind }, `Tin An Sinh worker running (database: ${runtime.database.kind})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down: finishing sends already due, handing the rest back');
    const force = setTimeout(() => { log.error('shutdown took too long; exiting'); process.exit(1); }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    await notifications.stop();
    await runtime.stop();
    log.info('worker stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Tin An Sinh worker could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
