import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../services/config.js';

/** The repository root, whatever directory a benchmark is started from. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The demonstration communes every generated register uses. */
export const COMMUNES_FILE = path.join(ROOT, 'models/data/communes-demo.csv');
/** Database kinds on which the issues' speed targets apply (a real mongod counts as MongoDB). */
export const TARGET_KINDS: ReadonlySet<string> = new Set(['ferretdb', 'mongodb', 'mongodb-memory-server']);

/**
 * A benchmark's configuration: a fresh randomly named database and key in `dataDir`, the
 * database-choosing variables passed through from the environment.
 */
export function benchConfig(dataDir: string, root: string): Config {
  const pass = (name: string) => (process.env[name] ? { [name]: process.env[name] } : {});
  return loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_NAME: `bench_${crypto.randomBytes(5).toString('hex')}`,
      DATA_ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...pass('MONGODB_URI'),
      ...pass('MONGODB_KIND'),
      ...pass('DATABASE_ENGINE'),
      ...pass('FERRETDB_BIN'),
      ...pass('MONGOMS_SYSTEM_BINARY'),
    },
    root,
  );
}
