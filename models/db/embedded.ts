import fs from 'node:fs';
import type { RunningDatabase } from './kinds.js';
import { freePort } from './free-port.js';

/**
 * Starts the embedded wire-compatible CongoDB from @push.rocks/smartmongo in this process.
 * It ignores unique indexes and scans every document on every query: a demo, not a production store.
 */
export async function startEmbedded(dir: string | null): Promise<RunningDatabase> {
  // Imported lazily: the package is heavy and only the last rung needs it.
  const { CongoServer } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js');
  const port = await freePort();
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const server = new CongoServer(
    dir
      ? { port, host: '127.0.0.1', storage: 'file', storagePath: dir }
      : { port, host: '127.0.0.1', storage: 'memory' },
  );
  await server.start();
  return {
    kind: 'embedded',
    uri: `mongodb://127.0.0.1:${port}/`,
    description: dir ? `embedded CongoDB, files in ${dir}` : 'embedded CongoDB in memory',
    stop: () => server.stop(),
  };
}
