import { loadConfig } from '../../services/config.js';
import { createLogger } from '../../services/log.js';
import { resolveDatabase } from '../../models/db/resolve.js';

/**
 * Resolves one database for the whole run (FerretDB here when it is installed, the embedded
 * CongoDB otherwise) and hands its address to every test file through the environment.
 */
export async function startTestDatabase(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const db = await resolveDatabase(
    {
      mongodbUri: config.MONGODB_URI,
      mongodbKind: config.MONGODB_KIND,
      engine: config.DATABASE_ENGINE,
      mongodSystemBinary: config.MONGOMS_SYSTEM_BINARY,
      ferretdbBin: config.FERRETDB_BIN,
      dataDir: null,
      root: process.cwd(),
    },
    log,
  );
  process.env.MONGODB_URI = db.uri;
  process.env.MONGODB_KIND = db.kind;
  process.stdout.write(`\n[tests] database: ${db.kind} (${db.description})\n`);
  (globalThis as { __TEST_DB__?: typeof db }).__TEST_DB__ = db;
}
