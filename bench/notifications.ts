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
import mongoose from 'mongoose';
import { chats } from '../models/chat.js';
import { oid } from '../models/ids.js';
import { chatIdFor } from '../services/linking/chats.js';
import { createLogger } from '../services/log.js';
import { enqueue } from '../services/notifications/outbox.js';
import { FakeTelegram } from '../test/fakes/telegram-bot-api.js';
import { aPaidNotice, anAnnouncement } from '../test/support/notify.js';
import { perOperation, totalOf } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { cpuOf, databaseChildPids } from './support/processes.js';
import { machineLine, out, pause, percentile, runMain, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';
import { CountedWorker, usageBetween, type WorkerUsage } from './support/worker.js';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** The targets. */
const TARGET = { share: 95, personalP95Ms: 1000, commandsPerNotice: 1.5, workerCpuMsPerNotice: 0.5 };
/** The first claims and the worker's warm-up are left out of the steady rate. */
const STEADY_AFTER_MS = 5000;

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
  const databaseCpu = () =>
    databaseChildPids()
      .map(cpuOf)
      .reduce((a, b) => a + b, 0);
  const start = Date.now();
  // Personal notices during the bulk run, one every 250 ms, each to its own chat.
  const personal: { chat: number; at: number }[] = [];
  let personalChat = base + phase.count + 50_000;
  // Usage is counted from the first delivery, so the worker's start-up (compiling TypeScript,
  // connecting, building indexes) is left out.
  let first: { sent: number; worker: WorkerUsage; db: number; bench: NodeJS.CpuUsage } | null = null;
  let timedOut = false;
  while (bulkDone() < phase.count) {
    if (!first && fake.sent.length)
      first = {
        sent: fake.sent.length,
        worker: await worker.measure(),
        db: databaseCpu(),
        bench: process.cpuUsage(),
      };
    if (Date.now() - start > Math.max(120_000, (phase.count / phase.limit) * 3000)) {
      timedOut = true;
      break;
    }
    if (fake.sent.length > 0) {
      const chat = personalChat++;
      await chats.open(chatIdFor({ channel: 'telegram', chatId: String(chat) }), 'telegram', String(chat));
      personal.push({ chat, at: Date.now() });
      await enqueue([aPaidNotice(chat, `${batchKey}-p`)]);
    }
    await pause(250);
  }
  const wall = Date.now() - start;
  const last = { sent: fake.sent.length, worker: await worker.measure(), db: databaseCpu(), bench: process.cpuUsage() };
  await worker.stop();
  if (!first) throw new Error(`the worker sent nothing:\n${worker.log()}`);

  const measuredSent = last.sent - first.sent;
  const usage = usageBetween(first.worker, last.worker);
  const benchCpu = process.cpuUsage(first.bench);
  const dbCpuMs = (last.db - first.db) * 1000;
  const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;

  const bulkTimes = fake.sent
    .filter((m) => isBulk(m.chat_id))
    .map((m) => m.at)
    .sort((a, b) => a - b);
  // The limit counts every message, personal ones included.
  const allTimes = fake.sent.map((m) => m.at).sort((a, b) => a - b);
  const firstAt = bulkTimes[0] ?? start;
  const lastAt = bulkTimes[bulkTimes.length - 1] ?? start;
  const steady = allTimes.filter((t) => t >= firstAt + STEADY_AFTER_MS && t <= lastAt);
  const steadyRate = steady.length > 1 ? (steady.length - 1) / ((steady[steady.length - 1]! - steady[0]!) / 1000) : NaN;
  const share = (steadyRate / phase.limit) * 100;
  const tooMany = fake.calls.filter((c) => c.error?.code === 429);
  const steady429 = tooMany.filter((c) => c.at >= firstAt + STEADY_AFTER_MS).length;
  const delivered = new Map(fake.sent.map((m) => [m.chat_id, m.at]));
  const delays = personal
    .filter((p) => delivered.has(p.chat))
    .map((p) => delivered.get(p.chat)! - p.at)
    .sort((a, b) => a - b);
  const p95 = percentile(delays, 95);
  const commandsPer = totalOf(usage.commands) / measuredSent;
  const workerCpuPer = usage.cpuMs / measuredSent;
  await fake.stop();

  out();
  out(`── ${phase.name} ${'─'.repeat(Math.max(3, 72 - phase.name.length))}`);
  out(
    `  notices         ${fmt(phase.count)} bulk to as many chats (stored with their notices in ${fmt(enqueueMs)} ms), fake limit ${phase.limit}/s`,
  );
  if (timedOut) out(`  ! timed out with ${fmt(bulkDone())} of ${fmt(phase.count)} delivered`);
  out(
    `  delivered       ${fmt(bulkTimes.length)} bulk + ${fmt(allTimes.length - bulkTimes.length)} personal in ${fmt((lastAt - firstAt) / 1000, 1)} s (${fmt(wall / 1000, 1)} s from the worker's start)`,
  );
  out(`  rate (steady)   ${fmt(steadyRate, 1)} messages/s = ${fmt(share, 1)} % of the limit`);
  out(
    `  429s            ${tooMany.length} (${steady429} in steady state); most in any 1 s at the fake: ${fake.maxMessagesInAnyWindow(1000)}`,
  );
  out(
    `  personal        ${delays.length}/${personal.length} delivered during the run: p50 ${fmt(percentile(delays, 50))} ms, p95 ${fmt(p95)} ms`,
  );
  out(
    `  commands        ${perOperation(usage.commands, measuredSent, 'notice')} — the worker's, over ${fmt(measuredSent)} notices`,
  );
  out(
    `  CPU per notice  worker ${fmt(workerCpuPer, 2)} ms (${fmt((100 * usage.systemMs) / (usage.cpuMs || 1))} % in the kernel) · database ${fmt(dbCpuMs / measuredSent, 2)} ms · fake and bench ${fmt(benchCpuMs / measuredSent, 2)} ms`,
  );
  const cpuTotal = usage.cpuMs + dbCpuMs + benchCpuMs;
  if (phase.paid && cpuTotal > 0)
    out(
      `  CPU shares      worker ${fmt((100 * usage.cpuMs) / cpuTotal)} % · database ${fmt((100 * dbCpuMs) / cpuTotal)} % · fake and bench ${fmt((100 * benchCpuMs) / cpuTotal)} % of ${fmt(cpuTotal / 1000, 1)} CPU-s over ${fmt((lastAt - firstAt) / 1000, 1)} s on ${os.cpus().length} cores`,
    );
  if (!phase.paid) {
    out(`  target          ≥ ${TARGET.share} % of the limit: ${verdict(share >= TARGET.share)}`);
    out(`  target          0 steady-state 429s: ${verdict(steady429 === 0)}`);
  }
  out(`  target          personal p95 < ${fmt(TARGET.personalP95Ms)} ms: ${verdict(p95 < TARGET.personalP95Ms)}`);
  // The command and CPU targets are for paid broadcast; at 30/s the figures include idle polling.
  const note = phase.paid ? '' : ' (target set for paid broadcast; here for information)';
  out(
    `  target          ≤ ${TARGET.commandsPerNotice} commands per notice: ${fmt(commandsPer, 2)} ${verdict(commandsPer <= TARGET.commandsPerNotice)}${note}`,
  );
  out(
    `  target          ≤ ${TARGET.workerCpuMsPerNotice} ms worker CPU per notice: ${fmt(workerCpuPer, 2)} ${verdict(workerCpuPer <= TARGET.workerCpuMsPerNotice)}${note}`,
  );
}

/** The recipients' chats, as linking leaves them (notices go only to chats that exist), a thousand per insert. */
async function seedChats(chatIds: number[]): Promise<void> {
  const now = new Date();
  await mongoose.connection.collection('chats').insertMany(
    chatIds.map((id) => ({
      _id: oid(chatIdFor({ channel: 'telegram', chatId: String(id) })),
      channel: 'telegram',
      chatId: String(id),
      lang: 'vi',
      beneficiaryIds: [],
      pending: null,
      failures: null,
      lockedUntil: null,
      blockedAt: null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

runMain(main);
