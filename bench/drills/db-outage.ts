/**
 * Fault drill: the database stops in the middle of a bulk send and comes back (issue 22, "Prove it").
 *
 * Starts FerretDB on a throw-away folder, stores DRILL_MESSAGES (10,000) announcements to as many
 * chats, and lets one `npm run worker` send them through the loopback fake Bot API at DRILL_RATE
 * (300/s). Once a quarter is delivered the engine is stopped (SIGTERM) for DRILL_DB_DOWN_MS (20 s),
 * then started again on the same folder and port. Prints what reached the fake per recipient
 * (duplicates, lost), how long sending took to resume and to finish, and the engine; exits 1 when a
 * recipient was lost or got two copies.
 *
 *   npm run drill:db-outage
 *   DRILL_MESSAGES=1000 DRILL_DB_DOWN_MS=4000 npm run drill:db-outage     # the short form CI runs
 */
import { createLogger } from '../../services/log.js';
import { startRuntime } from '../../services/runtime.js';
import { startFerretDb } from '../../models/db/ferretdb.js';
import type { RunningDatabase } from '../../models/db/kinds.js';
import { FakeTelegram } from '../../test/fakes/telegram-bot-api.js';
import { machineLine, runMain, wholeEnv } from '../support/report.js';
import { ROOT } from '../support/config.js';
import {
  drillConfig,
  drillSettings,
  drillWorker,
  enqueueBulk,
  firstDeliveryAfter,
  keepWorkerLog,
  fmt,
  lastDeliveryAt,
  out,
  printOutcome,
  runKey,
  seconds,
  tally,
  waitForDrain,
  waitForSent,
  warnings,
} from './support.js';
import fs from 'node:fs';
import path from 'node:path';

async function main(): Promise<number> {
  // The product's claim timeout: a live worker's claims must outlast the outage, or the sweeper
  // hands back messages whose sends are only waiting to be recorded.
  const s = drillSettings({ claimTimeoutMs: 60_000 });
  const downMs = wholeEnv('DRILL_DB_DOWN_MS', 20_000, 0, 3_600_000);
  const { dataDir, config, cleanUp } = drillConfig('db');
  if (!fs.existsSync(config.FERRETDB_BIN)) {
    out(
      `skipped: this drill stops and starts FerretDB, and ${config.FERRETDB_BIN} does not exist (npm run setup:ferretdb)`,
    );
    return 0;
  }
  const engineDir = path.join(dataDir, 'ferretdb');
  let db: RunningDatabase = await startFerretDb(config.FERRETDB_BIN, engineDir);
  const port = Number(new URL(db.uri).port);
  const rt = await startRuntime({ ...config, MONGODB_URI: db.uri, MONGODB_KIND: 'ferretdb' }, createLogger('silent'), {
    jobs: false,
    persistent: false,
    root: ROOT,
  });
  const fake = await FakeTelegram.start();
  let worker: ReturnType<typeof drillWorker> | null = null;
  try {
    out(`Tin An Sinh fault drill: database outage — ${new Date().toISOString()}`);
    out(
      `  database        ferretdb (${db.description}), stopped for ${seconds(downMs)} and started again on the same folder and port`,
    );
    out(`  machine         ${machineLine()}`);
    out(
      `  run             ${fmt(s.messages)} announcements to as many chats, ${s.rate}/s, one worker; claim timeout ${seconds(s.claimTimeoutMs)}`,
    );
    await enqueueBulk(s.messages, runKey('db'));
    const started = Date.now();
    worker = drillWorker(s, db, config, dataDir, fake);
    keepWorkerLog(worker);
    await waitForSent(fake, Math.ceil(s.messages / 4), worker, started + 120_000);

    const stoppedAt = Date.now();
    await db.stop();
    const atStop = fake.sent.length;
    await new Promise((r) => setTimeout(r, downMs));
    const duringOutage = fake.sent.length - atStop;
    db = await startFerretDb(config.FERRETDB_BIN, engineDir, { port });
    const upAt = Date.now();
    out(`  outage          stopped at ${fmt(atStop)} delivered; ${fmt(duringOutage)} more went out while it was down`);

    const deadline = upAt + Math.max(120_000, (s.messages / s.rate) * 3000) + s.claimTimeoutMs;
    const state = await waitForDrain(fake, s.messages, deadline);
    const t = tally(fake, s.messages);
    const alive = worker.child.exitCode === null && worker.child.signalCode === null;
    out(
      `  worker          ${alive ? 'still running' : `EXITED (${worker.child.exitCode ?? worker.child.signalCode})`}; its warnings: ${warnings(worker.output())}`,
    );
    out(
      `  recovery        first delivery ${seconds(firstDeliveryAfter(fake, upAt))} after the engine was back; last ${seconds(lastDeliveryAt(fake) - upAt)} after (outage began ${seconds(stoppedAt - started)} after the worker started)`,
    );
    return printOutcome(t, state, 0, 'none') && alive ? 0 : 1;
  } finally {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await fake.stop();
    await rt.stop();
    await db.stop();
    cleanUp();
  }
}

runMain(main);
