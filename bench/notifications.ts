/**
 * Notification pipeline benchmark: bulk announcements through one `npm run worker` process and the
 * loopback fake Bot API, on the resolved database.
 *
 *   1. rate-limited: BENCH_LIMITED (20,000) notices, the fake enforcing 30 messages/s as Telegram
 *      does, the worker configured for 30/s (about 11 minutes at 20,000).
 *   2. paid broadcast: BENCH_PAID (20,000) notices, fake limit 1,000/s, worker at 1,000/s.
 *   During both, a personal notice every 250 ms, each to its own chat.
 *
 * For each it prints the share of the provider's limit achieved, 429s, the personal notices'
 * delay, and per notice sent: the worker's database commands (driver command monitoring inside the
 * worker, bench/support/worker-entry.ts) and CPU, the database server's CPU and this process's
 * (the fake's). Figures are printed beside their targets, not asserted.
 *
 *   npm run bench:notifications
 *   BENCH_LIMITED=3000 BENCH_PAID=5000 npm run bench:notifications      # a quick run
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../services/log.js';
import { enqueue } from '../services/notifications/outbox.js';
import { FakeTelegram } from '../test/fakes/telegram-bot-api.js';
import { anAnnouncement } from '../test/support/notify.js';
import {
  fmt,
  PERSONAL_EVERY_MS,
  PersonalNotices,
  perNotice,
  printSendFigures,
  seedChats,
  sendFigures,
  targetLine,
  UsageWindow,
} from './support/bulk-send.js';
import { benchConfig, ROOT } from './support/config.js';
import { machineLine, out, pause, percentile, runMain, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';
import { CountedWorker } from './support/worker.js';

/** The targets. */
const TARGET = { share: 95, personalP95Ms: 1000, commandsPerNotice: 1.5, workerCpuMsPerNotice: 0.5 };

type Phase = { name: string; count: number; limit: number; paid: boolean };

async function main(): Promise<number> {
  const phases: Phase[] = [
    { name: 'rate-limited (30/s)', count: wholeEnv('BENCH_LIMITED', 20_000, 0, 1_000_000), limit: 30, paid: false },
    { name: 'paid broadcast (1000/s)', count: wholeEnv('BENCH_PAID', 20_000, 0, 1_000_000), limit: 1000, paid: true },
  ];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-notify-'));
  const config = benchConfig(dataDir, ROOT);
  const runtime = await startBenchRuntime(config, createLogger('warn'), { jobs: false, persistent: false, root: ROOT });
  try {
    out(`Tin An Sinh notification benchmark — ${new Date().toISOString()}`);
    out(`  database        ${runtime.database.kind} (${runtime.database.description})`);
    out(`  machine         ${machineLine()}`);
    let chatBase = 10_000_000;
    for (const phase of phases) {
      if (phase.count <= 0) continue;
      await runPhase(phase, chatBase, runtime.monitoredUri, runtime.database.kind, config, dataDir);
      chatBase += phase.count + 100_000;
    }
    return 0;
  } finally {
    await runtime.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runPhase(
  phase: Phase,
  base: number,
  uri: string,
  kind: string,
  config: ReturnType<typeof benchConfig>,
  dataDir: string,
): Promise<void> {
  const fake = await FakeTelegram.start();
  fake.setRateLimit({ perSecond: phase.limit });
  const batchKey = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const t0 = Date.now();
  for (let i = 0; i < phase.count; i += 1000) {
    await seedChats(Array.from({ length: Math.min(1000, phase.count - i) }, (_, j) => base + i + j));
    await enqueue(
      Array.from({ length: Math.min(1000, phase.count - i) }, (_, j) => anAnnouncement(base + i + j, batchKey)),
    );
  }
  const enqueueMs = Date.now() - t0;

  const worker = CountedWorker.start({
    MONGODB_URI: uri,
    MONGODB_KIND: kind,
    DATABASE_NAME: config.DATABASE_NAME,
    DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY!,
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MESSAGES_PER_SECOND: String(phase.limit),
    ...(phase.paid ? { TELEGRAM_PAID_BROADCAST: 'on' } : {}),
  });
  const isBulk = (chat: number) => chat >= base && chat < base + phase.count;
  const bulkDone = () => fake.sent.filter((m) => isBulk(m.chat_id)).length;
  const start = Date.now();
  // Personal notices during the bulk run, each to its own chat.
  const personal = new PersonalNotices(base + phase.count + 50_000, `${batchKey}-p`);
  const usage = new UsageWindow(fake, worker);
  let timedOut = false;
  while (bulkDone() < phase.count) {
    await usage.mark();
    if (Date.now() - start > Math.max(120_000, (phase.count / phase.limit) * 3000)) {
      timedOut = true;
      break;
    }
    if (fake.sent.length > 0) await personal.sendOne();
    await pause(PERSONAL_EVERY_MS);
  }
  const wall = Date.now() - start;
  const used = await usage.end();
  await worker.stop();
  const f = sendFigures(fake, phase.limit, isBulk, personal, start);
  const per = perNotice(used);
  const p95 = percentile(f.delays, 95);
  await fake.stop();

  out();
  out(`── ${phase.name} ${'─'.repeat(Math.max(3, 72 - phase.name.length))}`);
  out(
    `  notices         ${fmt(phase.count)} bulk to as many chats (stored with their notices in ${fmt(enqueueMs)} ms), fake limit ${phase.limit}/s`,
  );
  if (timedOut) out(`  ! timed out with ${fmt(bulkDone())} of ${fmt(phase.count)} delivered`);
  printSendFigures(f, used, wall, { cpuShares: phase.paid });
  if (!phase.paid) {
    targetLine(`≥ ${TARGET.share} % of the limit`, f.share >= TARGET.share);
    targetLine('0 steady-state 429s', f.steady429 === 0);
  }
  targetLine(`personal p95 < ${fmt(TARGET.personalP95Ms)} ms`, p95 < TARGET.personalP95Ms);
  // The command and CPU targets are for paid broadcast; at 30/s the figures include idle polling.
  const note = phase.paid ? '' : ' (target set for paid broadcast; here for information)';
  targetLine(
    `≤ ${TARGET.commandsPerNotice} commands per notice (${fmt(per.commands, 2)})`,
    per.commands <= TARGET.commandsPerNotice,
    note,
  );
  targetLine(
    `≤ ${TARGET.workerCpuMsPerNotice} ms worker CPU per notice (${fmt(per.workerCpuMs, 2)})`,
    per.workerCpuMs <= TARGET.workerCpuMsPerNotice,
    note,
  );
}

runMain(main);
