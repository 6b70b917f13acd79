import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DatabaseKind, RunningDatabase } from './kinds.js';
import { startFerretDb } from './ferretdb.js';
import { startEmbedded } from './embedded.js';
import { findMongodBinary, startMemoryServer } from './memory-server.js';
import { startOrJoin } from './shared-endpoint.js';

/** What the resolver needs from configuration. */
export type ResolveOptions = {
  mongodbUri?: string;
  mongodbKind: DatabaseKind;
  engine: 'auto' | 'mongodb-memory-server' | 'ferretdb' | 'embedded';
  mongodSystemBinary?: string;
  ferretdbBin: string;
  /** Folder for a local database's files; null for a throw-away database (tests). */
  dataDir: string | null;
  root: string;
};

const EMBEDDED_WARNING =
  'USING THE EMBEDDED CongoDB: no unique indexes, no transaction rollback, no TTL, every query scans. ' +
  'Fine for a demo, not for real data or load. Run `npm run setup:ferretdb` (needs Go) or set MONGODB_URI.';

/**
 * Picks the best database available, in order: MONGODB_URI → a real mongod through
 * mongodb-memory-server → FerretDB on SQLite → the embedded CongoDB; starts it when local.
 */
export async function resolveDatabase(opts: ResolveOptions, log: Logger): Promise<RunningDatabase> {
  if (opts.mongodbUri) {
    log.info({ database: opts.mongodbKind }, 'database: using MONGODB_URI');
    return {
      kind: opts.mongodbKind,
      uri: opts.mongodbUri,
      description: 'server given by MONGODB_URI',
      stop: async () => {},
    };
  }
  if (opts.dataDir) {
    const { database, joined } = await startOrJoin(opts.dataDir, () => startLocal(opts, log));
    return joined ? announce(database, log) : database;
  }
  return startLocal(opts, log);
}

async function startLocal(opts: ResolveOptions, log: Logger): Promise<RunningDatabase> {
  const dir = (name: string) => (opts.dataDir ? path.join(opts.dataDir, name) : null);
  const allow = (kind: ResolveOptions['engine']) => opts.engine === 'auto' || opts.engine === kind;

  if (allow('mongodb-memory-server')) {
    const binary = findMongodBinary(opts.mongodSystemBinary, opts.root);
    if (binary) return announce(await startMemoryServer(binary, dir('mongod')), log);
    log.debug('database: no mongod binary on this machine; next rung');
  }
  if (allow('ferretdb')) {
    if (fs.existsSync(opts.ferretdbBin)) {
      const ferretDir = dir('ferretdb') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tas-ferretdb-'));
      return announce(await startFerretDb(opts.ferretdbBin, ferretDir), log, opts.dataDir ? undefined : ferretDir);
    }
    log.info('database: FerretDB binary not found (run `npm run setup:ferretdb`); next rung');
  }
  if (allow('embedded')) {
    log.warn(EMBEDDED_WARNING);
    return announce(await startEmbedded(dir('embedded')), log);
  }
  throw new Error(`DATABASE_ENGINE=${opts.engine} is not available on this machine`);
}

function announce(db: RunningDatabase, log: Logger, throwAwayDir?: string): RunningDatabase {
  log.info({ database: db.kind }, `database: ${db.description}`);
  if (!throwAwayDir) return db;
  return {
    ...db,
    stop: async () => {
      await db.stop();
      fs.rmSync(throwAwayDir, { recursive: true, force: true });
    },
  };
}
