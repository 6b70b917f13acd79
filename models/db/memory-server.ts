import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningDatabase } from './kinds.js';

/**
 * A mongod binary that is already on this machine: the configured one, or one that
 * mongodb-memory-server downloaded earlier. Never triggers a download, so choosing is instant
 * on machines without internet.
 */
export function findMongodBinary(systemBinary: string | undefined, root: string): string | null {
  if (systemBinary) return fs.existsSync(systemBinary) ? systemBinary : null;
  const caches = [
    path.join(root, 'node_modules/.cache/mongodb-memory-server'),
    path.join(os.homedir(), '.cache/mongodb-binaries'),
  ];
  for (const dir of caches) {
    if (!fs.existsSync(dir)) continue;
    const found = fs.readdirSync(dir).find((f) => f.startsWith('mongod-'));
    if (found) return path.join(dir, found);
  }
  return null;
}

/** Starts a real mongod through mongodb-memory-server (data kept in `dir` when given). */
export async function startMemoryServer(binary: string, dir: string | null): Promise<RunningDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary: binary },
    instance: dir ? { dbPath: dir, storageEngine: 'wiredTiger' } : { storageEngine: 'wiredTiger' },
  });
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri(),
    description: `real mongod (${binary})${dir ? ` with data in ${dir}` : ''}`,
    pid: server.instanceInfo?.instance.mongodProcess?.pid,
    stop: async () => {
      await server.stop({ doCleanup: !dir });
    },
  };
}
