import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig, type Config } from '../../services/config.js';
import { createLogger } from '../../services/log.js';
import { startRuntime, type Runtime } from '../../services/runtime.js';
import { forgetCommunes } from '../../services/register/commune-names.js';

/** A runtime on the run's database, in a database of its own that is dropped afterwards. */
export async function startTestRuntime(
  overrides: Record<string, string> = {},
  opts: { jobs?: boolean } = {},
): Promise<Runtime & { tmp: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-test-'));
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_KIND: process.env.MONGODB_KIND,
    DATABASE_NAME: `test_${crypto.randomBytes(5).toString('hex')}`,
    DATA_ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: tmp,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_PROCESS_EVERY_MS: '200',
    // Agenda keeps a lockLifetime/2 timer per job run; a short lifetime lets jest's workers exit.
    JOBS_LOCK_LIFETIME_MS: '2000',
    ...overrides,
  });
  const rt = await startRuntime(config, createLogger(config.LOG_LEVEL), {
    jobs: opts.jobs ?? false,
    persistent: false,
  });
  return {
    ...rt,
    tmp,
    async stop() {
      await mongoose.connection.db?.dropDatabase().catch(() => {});
      await rt.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Empties every collection between tests (the database itself stays). */
export async function emptyDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  for (const c of await db.collections()) await c.deleteMany({});
  forgetCommunes();
}
