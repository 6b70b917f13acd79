import type { RunningDatabase } from '../../models/db/kinds.js';
import type { Config } from '../../services/config.js';
import type { Logger } from '../../services/log.js';
import { resolveConfiguredDatabase, startRuntime, type Runtime, type RuntimeOptions } from '../../services/runtime.js';
import { CommandCounter, monitoredUri } from './commands.js';

/** A runtime whose database client counts its commands, and the database's own address for child processes. */
export type BenchRuntime = Runtime & { commands: CommandCounter; monitoredUri: string };

/**
 * Starts the runtime as the product does, on the database the resolver picks, but connected
 * through a URI with command monitoring on: the database is resolved first (started here when
 * local), then handed to the runtime as MONGODB_URI with its kind and description kept.
 */
export async function startBenchRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<BenchRuntime> {
  const database: RunningDatabase = await resolveConfiguredDatabase(config, log, opts);
  const uri = monitoredUri(database.uri);
  let rt: Runtime;
  try {
    rt = await startRuntime({ ...config, MONGODB_URI: uri, MONGODB_KIND: database.kind }, log, opts);
  } catch (err) {
    await database.stop();
    throw err;
  }
  return {
    ...rt,
    database,
    commands: CommandCounter.forMongoose(),
    monitoredUri: uri,
    async stop() {
      await rt.stop();
      await database.stop();
    },
  };
}
