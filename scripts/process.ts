import { ConfigError, loadConfig, type Config } from '../services/config.js';
import type { Logger } from '../services/log.js';

/** The configuration, or exit with the bad variables named (the web process and workers alike). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits; a stop that outlasts SHUTDOWN_TIMEOUT_MS by
 * five seconds is cut short, so an orchestrator never waits forever.
 */
export function onShutdown(config: Config, log: Logger, message: string, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, message);
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000);
    force.unref();
    await stop();
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The last word of a process that could not start. */
export function exitOnStartFailure(what: string): (err: unknown) => never {
  return (err) => {
    process.stderr.write(`${what} could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  };
}
