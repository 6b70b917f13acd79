import { loadConfig } from '../../services/config.js';
import { createLogger } from '../../services/log.js';
import { resolveConfiguredDatabase } from '../../services/runtime.js';

/**
 * Resolves one database for the whole run (FerretDB here when it is installed, the embedded
 * CongoDB otherwise) and hands its address to every test file through the environment.
 */
export async function startTestDatabase(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const db = await resolveConfiguredDatabase(config, log, { persistent: false });
  process.env.MONGODB_URI = db.uri;
  process.env.MONGODB_KIND = db.kind;
  process.stdout.write(`\n[tests] database: ${db.kind} (${db.description})\n`);
  (globalThis as { __TEST_DB__?: typeof db }).__TEST_DB__ = db;
}
