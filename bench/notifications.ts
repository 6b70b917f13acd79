/**
 * Notification pipeline benchmark: bulk announcements through one `npm run worker` process and the
 * loopback fake Bot API, on the resolved database (FerretDB here).
 *
 *   1. rate-limited: BENCH_LIMITED (20,000) notices, the fake enforcing 30 messages/s as Telegram
 *      does, the worker configured for 30/s: sustained rate as a share of the limit (target ≥ 95%)
 *      and the 429s received (target 0 in steady state). Takes about 11 minutes at 20,000.
 *   2. paid broadcast: BENCH_PAID (20,000) notices, fake limit 1,000/s, worker at 1,000/s:
 *      messages/s end to end (target ≥ 1,000/s on FerretDB or MongoDB) and CPU ms per message
 *      (worker + database + this process, which runs the fake).
 *   During both, a personal notice every 250 ms: p50/p95 delay from enqueue to the fake.
 *
 *   npm run bench:notifications
 *   BENCH_LIMITED=3000 BENCH_PAID=5000 npm run bench:notifications      # a quick run
 *
 * Figures are printed, not asserted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntime } from '../services/runtime.js';
import { createLogger } from '../services/log.js';
import { enqueue } from '../services/notifications/outbox.js';
import { FakeTelegram } from '../test/fakes/telegram-bot-api.js';
import { aPaidNotice, anAnnouncement, startWorker } from '../test/support/notify.js';
import { benchConfig, ROOT } from './support/config.js';
import { cpuOf, databaseChildPids } from './support/processes.js';
import { out, pause, percentile, referenceWorkMs } from './support/report.js';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-notify-'));
const config = benchConfig(dataDir, ROOT);
const runtime = await startRuntime(config, createLogger('warn'), { jobs: false, persistent: false, root: ROOT });
out(`database: ${runtime.database.kind} (${runtime.database.description})`);
out(
  `machine: ${os.cpus().length} cores, node ${process.version}; speed: ${referenceWorkMs().toFixed(0)} ms for the reference work (lower is faster: compare runs only at similar values)`,
);

type Phase = { name: string; count: number; limit: number; env: Record<string, string> };
const phases: Phase[] = [
  {
    name: 'rate-limited (30/s)',
    count: Number(process.env.BENCH_LIMITED ?? 20000),
    limit: 30,
    env: { TELEGRAM_MESSAGES_PER_SECOND: '30' },
  },
  {
    name: 'paid broadcast (1000/s)',
    count: Number(process.env.BENCH_PAID ?? 20000),
    limit: 1000,
    env: { TELEGRAM_MESSAGES_PER_SECOND: '1000', TELEGRAM_PAID_BROADCAST: 'on' },
  },
];

let chatBase = 10_000_000;
for (const phase of phases) {
  if (phase.count <= 0) continue;
  const fake = await FakeTelegram.start();
  fake.setRateLimit({ perSecond: phase.limit });
  const base = chatBase;
  chatBase += phase.count + 100_000;
  const batchKey = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const t0 = Date.now();
  for (let i = 0; i < phase.count; i += 1000) {
    await enqueue(
      Array.from({ length: Math.min(1000, phase.count - i) }, (_, j) => anAnnouncement(base + i + j, batchKey)),
    );
  }
  const enqueueMs = Date.now() - t0;

  const cpu0 = process.cpuUsage();
  const db0 = databaseChildPids()
    .map(cpuOf)
    .reduce((a, b) => a + b, 0);
  const worker = startWorker({
    MONGODB_URI: runtime.database.uri,
    MONGODB_KIND: runtime.database.kind,
    DATABASE_NAME: config.DATABASE_NAME,
    DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY!,
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    NOTIFY_POLL_MS: '100',
    ...phase.env,
  });
  const start = Date.now();
  // Personal notices during the bulk run, one every 250 ms, each to its own chat.
  const personal: { chat: number; at: number }[] = [];
  let personalChat = base + phase.count + 50_000;
  const bulkDone = () => fake.sent.filter((m) => m.chat_id < base + phase.count).length;
  // CPU is counted from the first delivery, so the worker's start-up (compiling TypeScript) is left out.
  let cpuAtFirst: { bench: NodeJS.CpuUsage; worker: number; db: number } | null = null;
  while (bulkDone() < phase.count) {
    if (!cpuAtFirst && fake.sent.length)
      cpuAtFirst = {
        bench: process.cpuUsage(),
        worker: cpuOf(worker.child.pid!),
        db: databaseChildPids()
          .map(cpuOf)
          .reduce((a, b) => a + b, 0),
      };
    if (Date.now() - start > Math.max(120_000, (phase.count / phase.limit) * 3000)) {
      out('  timed out');
      break;
    }
    if (fake.sent.length > 0) {
      const chat = personalChat++;
      personal.push({ chat, at: Date.now() });
      await enqueue([aPaidNotice(chat, `${batchKey}-p`)]);
    }
    await pause(250);
  }
  const wall = Date.now() - start;
  const base0 = cpuAtFirst ?? { bench: cpu0, worker: 0, db: db0 };
  const workerCpu = cpuOf(worker.child.pid!) - base0.worker;
  const cpu = process.cpuUsage(base0.bench);
  const dbCpu =
    databaseChildPids()
      .map(cpuOf)
      .reduce((a, b) => a + b, 0) - base0.db;
  worker.child.kill('SIGTERM');
  await worker.exited;

  const bulkTimes = fake.sent
    .filter((m) => m.chat_id < base + phase.count)
    .map((m) => m.at)
    .sort((a, b) => a - b);
  // The limit counts every message, personal ones included.
  const allTimes = fake.sent.map((m) => m.at).sort((a, b) => a - b);
  const first = bulkTimes[0] ?? start;
  const last = bulkTimes[bulkTimes.length - 1] ?? start;
  // Steady state: after the first 5 s (first claims), until the bulk run ends.
  const steady = allTimes.filter((t) => t >= first + 5000 && t <= last);
  const steadyRate = steady.length > 1 ? (steady.length - 1) / ((steady[steady.length - 1]! - steady[0]!) / 1000) : NaN;
  const tooMany = fake.calls.filter((c) => c.error?.code === 429);
  const steady429 = tooMany.filter((c) => c.at >= first + 5000).length;
  const delivered = new Map(fake.sent.map((m) => [m.chat_id, m.at]));
  const delays = personal
    .filter((p) => delivered.has(p.chat))
    .map((p) => delivered.get(p.chat)! - p.at)
    .sort((a, b) => a - b);
  const messages = allTimes.length;

  out(`\n${phase.name}: ${fmt(phase.count)} notices (enqueued in ${fmt(enqueueMs)} ms), fake limit ${phase.limit}/s`);
  out(
    `  delivered ${fmt(bulkTimes.length)} bulk (+${fmt(messages - bulkTimes.length)} personal) in ${fmt((last - first) / 1000, 1)} s; end to end from worker start ${fmt(wall / 1000, 1)} s`,
  );
  out(
    `  messages/s (all): overall ${fmt(messages / (wall / 1000), 1)}, steady ${fmt(steadyRate, 1)} = ${fmt((steadyRate / phase.limit) * 100, 1)}% of the limit`,
  );
  out(
    `  429s received: ${tooMany.length} (in steady state: ${steady429}); max in any 1 s at the fake: ${fake.maxMessagesInAnyWindow(1000)}`,
  );
  out(
    `  personal notices during the run: ${delays.length}/${personal.length} delivered, delay p50 ${fmt(percentile(delays, 50))} ms, p95 ${fmt(percentile(delays, 95))} ms`,
  );
  out(
    `  CPU per message after start-up: worker ${fmt((workerCpu * 1000) / messages, 2)} ms + database ${fmt((dbCpu * 1000) / messages, 2)} ms + fake/bench ${fmt((cpu.user + cpu.system) / 1000 / messages, 2)} ms`,
  );
  await fake.stop();
}

await runtime.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
