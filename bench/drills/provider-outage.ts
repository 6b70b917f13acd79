/**
 * Fault drill: the Bot API answers 500s and times out for a minute in the middle of a bulk send
 * (issue 22, "Prove it").
 *
 * Stores DRILL_MESSAGES (10,000) announcements to as many chats on the resolved database and lets
 * one `npm run worker` send them through the loopback fake Bot API at DRILL_RATE (300/s). Once
 * DRILL_OUTAGE_AT_PERCENT (25) of them are delivered, the fake fails every sendMessage for DRILL_PROVIDER_DOWN_MS (60 s), in turn
 * with a 500 or with no answer at all (the request held until the client gives up or the outage
 * ends; DRILL_OUTAGE_KINDS=500 or =timeout for one kind only); neither accepts the message. The
 * worker runs with the product's retry settings unless NOTIFY_MAX_ATTEMPTS / NOTIFY_BACKOFF_MS are
 * set. Prints the failed calls the worker retried, the time to drain after the outage, lost and
 * duplicates; exits 1 when a recipient was lost or got two copies.
 *
 *   npm run drill:provider-outage
 *   DRILL_MESSAGES=800 DRILL_PROVIDER_DOWN_MS=5000 npm run drill:provider-outage   # the short form CI runs
 */
import { createLogger } from '../../services/log.js';
import { startRuntime } from '../../services/runtime.js';
import { FakeTelegram, type OutageKind } from '../../test/fakes/telegram-bot-api.js';
import { ROOT } from '../support/config.js';
import { machineLine, pause, runMain, wholeEnv } from '../support/report.js';
import {
  drillConfig,
  drillSettings,
  drillWorker,
  enqueueBulk,
  firstDeliveryAfter,
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
  warnings,
} from './support.js';

function outageKinds(): OutageKind[] {
  const raw = (process.env.DRILL_OUTAGE_KINDS ?? '500,timeout').split(',').map((k) => k.trim());
  if (!raw.length || raw.some((k) => k !== '500' && k !== 'timeout'))
    throw new Error(`DRILL_OUTAGE_KINDS must list 500 and/or timeout (got "${process.env.DRILL_OUTAGE_KINDS}")`);
  return raw as OutageKind[];
}

async function main(): Promise<number> {
  const s = drillSettings({ claimTimeoutMs: 60_000 });
  const downMs = wholeEnv('DRILL_PROVIDER_DOWN_MS', 60_000, 0, 3_600_000);
  const kinds = outageKinds();
  const atPercent = wholeEnv('DRILL_OUTAGE_AT_PERCENT', 25, 0, 99);
  const retry = Object.fromEntries(
    ['NOTIFY_MAX_ATTEMPTS', 'NOTIFY_BACKOFF_MS', 'NOTIFY_BACKOFF_MAX_MS'].flatMap((k) =>
      process.env[k] ? [[k, process.env[k]!]] : [],
    ),
  );
  const { dataDir, config, cleanUp } = drillConfig('provider');
  const rt = await startRuntime(config, createLogger('silent'), { jobs: false, persistent: false, root: ROOT });
  const fake = await FakeTelegram.start();
  let worker: ReturnType<typeof drillWorker> | null = null;
  try {
    out(`Tin An Sinh fault drill: provider outage — ${new Date().toISOString()}`);
    out(`  database        ${rt.database.kind} (${rt.database.description})`);
    out(`  machine         ${machineLine()}`);
    out(
      `  run             ${fmt(s.messages)} announcements to as many chats, ${s.rate}/s, one worker; sendMessage fails for ${seconds(downMs)} (${kinds.join(' and ')})`,
    );
    out(
      `  retry settings  ${
        Object.entries(retry)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || "the product's defaults"
      }`,
    );
    await enqueueBulk(s.messages, runKey('provider'));
    const started = Date.now();
    worker = drillWorker(s, { uri: rt.database.uri, kind: rt.database.kind }, config, dataDir, fake, retry);
    keepWorkerLog(worker);
    await waitForSent(fake, Math.ceil((s.messages * atPercent) / 100), worker, started + 120_000);
    const downAt = Date.now();
    const before = fake.sent.length;
    fake.startOutage(kinds);
    await pause(downMs);
    fake.endOutage();
    const upAt = Date.now();
    out(`  outage          began at ${fmt(before)} delivered, ${seconds(downAt - started)} after the worker started`);

    const deadline = upAt + Math.max(180_000, (s.messages / s.rate) * 3000) + s.claimTimeoutMs;
    const state = await waitForDrain(fake, s.messages, deadline);
    const failed = fake.calls.filter((c) => c.method.toLowerCase() === 'sendmessage' && c.error);
    const held = failed.filter((c) => c.error!.code === 0).length;
    out(
      `  failed calls    ${fmt(failed.length)} (${fmt(failed.length - held)} answered 500, ${fmt(held)} not answered): each a try the worker retried or gave up on`,
    );
    out(`  worker          its warnings: ${warnings(worker.output())}`);
    out(
      `  drain           first delivery ${seconds(firstDeliveryAfter(fake, upAt))} after the outage ended, last ${seconds(lastDeliveryAt(fake) - upAt)} after`,
    );
    return printOutcome(tally(fake, s.messages), state, 0, 'none') ? 0 : 1;
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
