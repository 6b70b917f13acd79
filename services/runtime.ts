import path from 'node:path';
import type { Config } from './config.js';
import { createSealer, decodeKey, resolveMasterKey, type Sealer } from './crypto.js';
import type { Logger } from './log.js';
import { Scheduler } from './jobs/scheduler.js';
import { refreshRegisterStats } from './register/stats.js';
import { backfillAccountPlaces } from './register/account-places.js';
import { scheduleDraftCleanup } from './broadcast-chat/cleanup.js';
import { scheduleMiniappCleanup } from './miniapp/cleanup.js';
import { scheduleIdempotencyCleanup } from './machine-api/cleanup.js';
import { retentionPolicy, scheduleRetention } from './retention.js';
import { scheduleReminderPass } from './reminders/job.js';
import { scheduleMissingSnapshot } from './officers/missing-snapshot.js';
import { reminderPolicies } from './reminders/run-reminders.js';
import { scheduleBroadcasts } from './broadcasts/job.js';
import { broadcastPolicy } from './broadcasts/policy.js';
import { useZnsRouting, znsRoutingFrom } from './notifications/zns/routing.js';
import { zaloOaFromConfig, type ZaloOa } from './zalo/from-config.js';
import { scheduleZaloTokenRefresh } from './zalo/refresh-job.js';
import { resolveDatabase } from '../models/db/resolve.js';
import type { RunningDatabase } from '../models/db/kinds.js';
import { connectMongoose, disconnectMongoose, nativeDb } from '../models/db/connection.js';

/** Everything a process (web, worker, CLI, test) shares: database, keys, scheduler. */
export type Runtime = {
  config: Config;
  log: Logger;
  database: RunningDatabase;
  sealer: Sealer;
  scheduler: Scheduler | null;
  /** The process's one Zalo OA client and token store (the bot, the Zalo channel and ZNS share it); null without an OA. */
  zalo: ZaloOa | null;
  stop(): Promise<void>;
};

/** Options that differ between the web process, a worker, the CLI and tests. */
export type RuntimeOptions = { jobs: boolean; persistent: boolean; root?: string };

/**
 * The database `config` names, or the best local one the resolver can start (`persistent`: in
 * `DATA_DIR/db`, shared by every process on that folder; otherwise a throwaway one).
 */
export function resolveConfiguredDatabase(
  config: Config,
  log: Logger,
  opts: { persistent: boolean; root?: string },
): Promise<RunningDatabase> {
  return resolveDatabase(
    {
      mongodbUri: config.MONGODB_URI,
      mongodbKind: config.MONGODB_KIND,
      engine: config.DATABASE_ENGINE,
      mongodSystemBinary: config.MONGOMS_SYSTEM_BINARY,
      ferretdbBin: config.FERRETDB_BIN,
      dataDir: opts.persistent ? path.join(config.DATA_DIR, 'db') : null,
      root: opts.root ?? process.cwd(),
    },
    log,
  );
}

/** Resolves and connects the database, loads the key, and starts the scheduler when asked. */
export async function startRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  const sealer = createSealer(
    resolveMasterKey({
      configured: config.DATA_ENCRYPTION_KEY,
      dataDir: config.DATA_DIR,
      production: config.isProduction,
      log,
    }),
    config.DATA_INDEX_KEY ? decodeKey(config.DATA_INDEX_KEY) : undefined,
  );
  // Every process that can create notices (web, worker, CLI imports) chooses channels the same way.
  useZnsRouting(znsRoutingFrom(config));
  const database = await resolveConfiguredDatabase(config, log, opts);
  try {
    await connectMongoose(database, config.DATABASE_NAME);
  } catch (err) {
    await database.stop();
    throw err;
  }
  const zalo = zaloOaFromConfig(config, { sealer, log });
  let scheduler: Scheduler | null = null;
  if (opts.jobs) {
    scheduler = new Scheduler(
      nativeDb(),
      { processEveryMs: config.JOBS_PROCESS_EVERY_MS, lockLifetimeMs: config.JOBS_LOCK_LIFETIME_MS },
      log.child({ component: 'jobs' }),
    );
    scheduler.define('register-stats', async () => {
      await refreshRegisterStats();
      await backfillAccountPlaces();
    });
    await scheduler.start();
    await scheduler.every(config.STATS_REFRESH_MS, 'register-stats');
    await scheduleMiniappCleanup(scheduler);
    await scheduleIdempotencyCleanup(scheduler);
    await scheduleRetention(scheduler, retentionPolicy(config));
    await scheduleDraftCleanup(scheduler);
    await scheduleMissingSnapshot(scheduler);
    await scheduleReminderPass(scheduler, config.REMINDER_PASS_EVERY_MS, reminderPolicies(config));
    await scheduleBroadcasts(scheduler, config.BROADCAST_PASS_EVERY_MS, broadcastPolicy(config));
    if (zalo) await scheduleZaloTokenRefresh(scheduler, zalo);
  }
  let stopped = false;
  return {
    config,
    log,
    database,
    sealer,
    scheduler,
    zalo,
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler?.stop(config.SHUTDOWN_TIMEOUT_MS);
      await disconnectMongoose();
      await database.stop();
    },
  };
}
