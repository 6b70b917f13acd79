/**
 * Fault drill: a worker killed with SIGKILL again and again during a bulk send (issue 22, "Prove it").
 *
 * Stores DRILL_MESSAGES (10,000) announcements to as many chats on the resolved database and lets
 * one `npm run worker` send them through the loopback fake Bot API at DRILL_RATE (300/s). Each time
 * another 1/(DRILL_KILLS + 1) of the run is delivered, the worker is killed with SIGKILL and a new
 * one started at once, DRILL_KILLS (5) times. Prints deliveries per recipient: every recipient must
 * get its message; a copy may repeat only within the documented window, the sends a worker had out
 * without their outcome stored when it died (at most 64 per kill, MAX_UNSETTLED in
 * services/notifications/dispatcher.ts). Exits 1 otherwise.
 *
 *   npm run drill:sigkill
 *   DRILL_MESSAGES=1000 DRILL_KILLS=2 npm run drill:sigkill      # the short form CI runs
 */
import { createLogger } from '../../services/log.js';
import { startRuntime } from '../../services/runtime.js';
import { FakeTelegram } from '../../test/fakes/telegram-bot-api.js';
import { ROOT } from '../support/config.js';
import { machineLine, runMain, wholeEnv } from '../support/report.js';
import {
  CRASH_WINDOW,
  drillConfig,
  drillSettings,
  drillWorker,
  enqueueBulk,
  fmt,
  keepWorkerLog,
  lastDeliveryAt,
  out,
  printOutcome,
  runKey,
  seconds,
  tally,
  waitForDrain,
  waitForSent,
} from './support.js';

async function main(): Promise<number> {
  // Short, so each kill's claims come back in seconds rather than the product's minute.
  const s = drillSettings({ claimTimeoutMs: 10_000 });
  const kills = wholeEnv('DRILL_KILLS', 5, 1, 100);
  const { dataDir, config, cleanUp } = drillConfig('kill');
  const rt = await startRuntime(config, createLogger('silent'), { jobs: false, persistent: false, root: ROOT });
  const fake = await FakeTelegram.start();
  const db = { uri: rt.database.uri, kind: rt.database.kind };
  let worker: ReturnType<typeof drillWorker> | null = null;
  try {
    out(`Tin An Sinh fault drill: workers killed with SIGKILL — ${new Date().toISOString()}`);
    out(`  database        ${rt.database.kind} (${rt.database.description})`);
    out(`  machine         ${machineLine()}`);
    out(
      `  run             ${fmt(s.messages)} announcements to as many chats, ${s.rate}/s, one worker at a time, killed ${kills} times; claim timeout ${seconds(s.claimTimeoutMs)}`,
    );
    await enqueueBulk(s.messages, runKey('kill'));
    const started = Date.now();
    const deadline = started + Math.max(180_000, (s.messages / s.rate) * 3000) + kills * (s.claimTimeoutMs + 30_000);
    const at: number[] = [];
    for (let k = 1; k <= kills; k++) {
      worker = drillWorker(s, db, config, dataDir, fake);
      keepWorkerLog(worker);
      await waitForSent(fake, Math.ceil((s.messages * k) / (kills + 1)), worker, deadline);
      worker.child.kill('SIGKILL');
      await worker.exited;
      at.push(fake.sent.length);
    }
    worker = drillWorker(s, db, config, dataDir, fake);
    keepWorkerLog(worker);
    const state = await waitForDrain(fake, s.messages, deadline);
    out(`  kills           at ${at.map((n) => fmt(n)).join(', ')} messages delivered`);
    out(
      `  time            ${seconds(lastDeliveryAt(fake) - started)} from the first worker's start to the last delivery`,
    );
    const t = tally(fake, s.messages);
    return printOutcome(t, state, CRASH_WINDOW * kills, `${CRASH_WINDOW} per kill, ${fmt(CRASH_WINDOW * kills)}`)
      ? 0
      : 1;
  } finally {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await fake.stop();
    await rt.stop();
    cleanUp();
  }
}

runMain(main);
