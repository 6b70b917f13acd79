/**
 * Telegram status benchmark: `/status` lookups answered through the loopback fake Bot API in
 * webhook mode, from 50 concurrent chats over a register of N beneficiaries (100,000 by default,
 * 5,000 on the embedded CongoDB). Each simulated person sends `/status`, waits for the bot's
 * reply, and sends the next; each update is injected into the fake (`sendText`) and POSTed to the
 * webhook the bot registered there; latency runs from just before that POST until the fake
 * records the bot's `sendMessage` to that chat. Prints p50/p95/p99/max and updates per second,
 * and, independent of the engine, the bot process's database commands (driver command
 * monitoring) and CPU per update, against the issue's target (≤ 1 command per update). Figures
 * are reported, not asserted: the exit code is 0 on a MISS and non-zero only when something
 * crashes or the overall timeout hits.
 *
 *   npx tsx bench/telegram-status.ts                                          # 100,000 beneficiaries, 2,000 updates
 *   BENCH_BENEFICIARIES=5000 BENCH_UPDATES=500 npx tsx bench/telegram-status.ts   # a quick run
 *   MONGODB_URI=mongodb://… npx tsx bench/telegram-status.ts
 *
 * Env: BENCH_BENEFICIARIES, BENCH_UPDATES, BENCH_CHATS (50), BENCH_WARMUP (500 unmeasured updates
 * first, at least one per chat), BENCH_TIMEOUT_S (850), BENCH_THINK_MS
 * (0: each chat sends again as soon as it has its reply; otherwise a random pause of 0.5–1.5× this
 * after each reply, and staggered starts, to measure latency below saturation), BENCH_REUSE_DIR
 * (keep the register, key and linked chats in this folder and reuse them on the next run with the
 * same size and chat count, so a code change can be measured without the minutes of import), plus the
 * database variables bench/import.ts passes through (MONGODB_URI, MONGODB_KIND, DATABASE_ENGINE,
 * FERRETDB_BIN, MONGOMS_SYSTEM_BINARY).
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { prepareTelegram, WEBHOOK_PATH, type TelegramRunner } from '../bot/telegram/run.js';
import { createHttpApp } from '../miniapp/server.js';
import type { Config } from '../services/config.js';
import { importFile, type ImportReport } from '../services/imports/run-import.js';
import type { ImportKind } from '../services/imports/columns.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import type { ChatRef } from '../services/linking/chats.js';
import { redeemCode } from '../services/linking/link.js';
import { createLogger } from '../services/log.js';
import type { Runtime } from '../services/runtime.js';
import { aUser, type FakeUser } from '../test/fakes/telegram-bot-api.js';
import {
  BENEFICIARY_HEADER,
  PAYMENT_HEADER,
  PERIOD,
  beneficiaryLine,
  paymentLine,
  person,
  writeCsv,
} from './support/register-files.js';
import { benchConfig, COMMUNES_FILE, ROOT } from './support/config.js';
import { cpuOf, databaseChildPids } from './support/processes.js';
import { perOperation, totalOf, type CommandCounter, type CommandCounts } from './support/commands.js';
import { fmt, machineLine, out, pause, percentile, runMain, seconds, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime, type BenchRuntime } from './support/runtime.js';
import type { RunRequest, SideMessage, SideResult } from './support/telegram-side.js';

const DEFAULT_BENEFICIARIES = 100_000;
const EMBEDDED_BENEFICIARIES = 5_000;
const DEFAULT_UPDATES = 2_000;
const DEFAULT_CHATS = 50;
/** Unmeasured updates first (at least one per chat): the first second after start runs ~3× slower at p95. */
const DEFAULT_WARMUP = 500;
const DEFAULT_TIMEOUT_S = 850;
/** The issue's target: database commands per update, under the bench's load. */
const TARGET_COMMANDS_PER_UPDATE = 1;
const WEBHOOK_SECRET = `bench-${crypto.randomBytes(12).toString('hex')}`;
const MB = 1024 * 1024;
const SIDE_SCRIPT = path.join(ROOT, 'bench', 'support', 'telegram-side.ts');

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

// ---------------------------------------------------------------------------------------------
// Measuring

type LoadResult = SideResult & { botCpu: number; childCpu: number; commands: CommandCounts };

/** Telegram's side (the fake Bot API and the people sending `/status`) in a child process of its own. */
class TelegramSide {
  private constructor(
    private readonly child: ChildProcess,
    readonly token: string,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<TelegramSide> {
    // fork() passes this process's execArgv on, so tsx loads the TypeScript child too.
    const child = fork(SIDE_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await TelegramSide.next(child);
    if (ready.type !== 'ready') throw new Error(`the Telegram side did not start: ${JSON.stringify(ready)}`);
    return new TelegramSide(child, ready.token, ready.apiRoot);
  }

  private static next(child: ChildProcess): Promise<SideMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the Telegram side exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: SideMessage) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Runs `total` updates from these users; CPU of this process and of the database is read around it. */
  async run(
    userIds: number[],
    total: number,
    children: number[],
    counter: CommandCounter,
    thinkMs = 0,
  ): Promise<LoadResult> {
    const childCpu = () => children.reduce((sum, pid) => sum + cpuOf(pid), 0);
    const cpuBefore = process.cpuUsage();
    const childBefore = childCpu();
    const request: RunRequest = { type: 'run', userIds, total, thinkMs };
    const { result: answer, commands } = await counter.during(async () => {
      const reply = TelegramSide.next(this.child);
      this.child.send(request);
      return reply;
    });
    const cpu = process.cpuUsage(cpuBefore);
    if (answer.type !== 'done')
      throw new Error(`the load failed: ${answer.type === 'failed' ? answer.error : answer.type}`);
    return { ...answer.result, botCpu: (cpu.user + cpu.system) / 1e6, childCpu: childCpu() - childBefore, commands };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    await Promise.race([
      exited,
      pause(5000).then(() => {
        this.child.kill('SIGKILL');
      }),
    ]);
  }
}

// ---------------------------------------------------------------------------------------------

async function timedImport(kind: ImportKind, file: string, rt: Runtime): Promise<{ report: ImportReport; ms: number }> {
  const started = performance.now();
  const report = await importFile(
    kind,
    file,
    { sealer: rt.sealer, entryPoint: 'cli', actor: 'bench' },
    { writeRejects: false },
  );
  return { report, ms: performance.now() - started };
}

/** Imports the communes and a generated register of `size`, then links `chatCount` chats by one-time codes. */
async function buildRegister(
  rt: Runtime,
  linking: LinkingContext,
  size: number,
  chatCount: number,
  tmp: string,
): Promise<{ users: FakeUser[]; links: number }> {
  const setupStart = performance.now();
  const communes = await timedImport('communes', COMMUNES_FILE, rt);
  const benFile = path.join(tmp, 'beneficiaries.csv');
  const payFile = path.join(tmp, 'payments.csv');
  const genStart = performance.now();
  await writeCsv(benFile, BENEFICIARY_HEADER, size, beneficiaryLine);
  await writeCsv(payFile, PAYMENT_HEADER, size, paymentLine);
  const genMs = performance.now() - genStart;
  out(`  communes        ${communes.report.created} created (${seconds(communes.ms)})`);
  out(
    `  CSV files       ${(fs.statSync(benFile).size / MB).toFixed(1)} MB + ${(fs.statSync(payFile).size / MB).toFixed(1)} MB generated in ${seconds(genMs)}`,
  );
  const ben = await timedImport('beneficiaries', benFile, rt);
  out(
    `  beneficiaries   ${fmt(ben.report.created)} created, ${ben.report.rejected} rejected in ${seconds(ben.ms)} (importFile, as the CLI)`,
  );
  const pay = await timedImport('payments', payFile, rt);
  out(`  payments        ${fmt(pay.report.created)} created, ${pay.report.rejected} rejected in ${seconds(pay.ms)}`);
  if (ben.report.created !== size || pay.report.created !== size)
    throw new Error(`the register was not built: expected ${size} beneficiaries and payments`);

  // 50 people, each linked by a one-time code to one record (even chats) or two (odd chats), spread over the register.
  const users: FakeUser[] = [];
  let links = 0;
  const linkStart = performance.now();
  for (let c = 0; c < chatCount; c++) {
    const user = aUser();
    const ref: ChatRef = { channel: 'telegram', chatId: String(user.id) };
    const first = Math.floor((c * size) / chatCount);
    const records = c % 2 === 1 && size > 1 ? [first, (first + 1) % size] : [first];
    for (const i of records) {
      const { code } = await issueLinkCode(linking, person(i).nationalId, 'bench');
      const outcome = await redeemCode(linking, ref, code);
      if (outcome.kind !== 'linked') throw new Error(`linking chat ${c} to record ${i} failed: ${outcome.kind}`);
      links++;
    }
    users.push(user);
  }
  const linkMs = performance.now() - linkStart;
  out(`  chats           ${fmt(chatCount)} linked to ${fmt(links)} records by one-time codes in ${seconds(linkMs)}`);
  out(`  setup total     ${seconds(performance.now() - setupStart)}`);
  return { users, links };
}

/** What a reusable bench folder remembers between runs (BENCH_REUSE_DIR). */
type ReuseState = { databaseName: string; key: string; size: number; chats: number; userIds: number[]; links: number };

function readReuseState(dir: string): ReuseState | null {
  const file = path.join(dir, 'bench-state.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ReuseState) : null;
}

async function main(): Promise<number> {
  const requested = wholeEnv('BENCH_BENEFICIARIES', DEFAULT_BENEFICIARIES, 100, 10_000_000);
  const updates = wholeEnv('BENCH_UPDATES', DEFAULT_UPDATES, 1, 1_000_000);
  const chatCount = wholeEnv('BENCH_CHATS', DEFAULT_CHATS, 1, 1000);
  const timeoutS = wholeEnv('BENCH_TIMEOUT_S', DEFAULT_TIMEOUT_S, 10, 86_400);
  const thinkMs = wholeEnv('BENCH_THINK_MS', 0, 0, 60_000);
  const warmup = wholeEnv('BENCH_WARMUP', DEFAULT_WARMUP, 0, 1_000_000);

  const reuseDir = process.env.BENCH_REUSE_DIR ? path.resolve(process.env.BENCH_REUSE_DIR) : null;
  if (reuseDir) fs.mkdirSync(reuseDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-tg-'));
  const saved = reuseDir ? readReuseState(reuseDir) : null;
  let rt: BenchRuntime | null = null;
  let side: TelegramSide | null = null;
  let runner: TelegramRunner | null = null;
  let server: http.Server | null = null;

  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    await runner?.stop().catch((err: unknown) => {
      process.stderr.write(`bot did not stop cleanly: ${String(err)}\n`);
    });
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    }
    await side?.stop().catch(() => undefined);
    if (rt && reuseDir) await rt.stop();
    else if (rt) {
      await mongoose.connection.db?.dropDatabase().catch((err: unknown) => {
        process.stderr.write(`could not drop the bench database: ${String(err)}\n`);
      });
      await rt.stop();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = setTimeout(() => {
    process.stderr.write(`bench timed out after ${timeoutS} s (BENCH_TIMEOUT_S); cleaning up\n`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void cleanUp().finally(() => process.exit(1));
  }, timeoutS * 1000);
  deadline.unref();

  try {
    const fresh = benchConfig(reuseDir ?? tmp, ROOT);
    const config = saved ? { ...fresh, DATABASE_NAME: saved.databaseName, DATA_ENCRYPTION_KEY: saved.key } : fresh;

    const bootStart = performance.now();
    rt = await startBenchRuntime(config, createLogger(config.LOG_LEVEL), {
      jobs: false,
      persistent: reuseDir !== null,
      root: ROOT,
    });
    const kind = rt.database.kind;
    const size = kind === 'embedded' ? Math.min(requested, EMBEDDED_BENEFICIARIES) : requested;
    const children = databaseChildPids();

    out(`Tin An Sinh Telegram /status benchmark — ${new Date().toISOString()}`);
    out(
      `  database        ${kind}: ${rt.database.description} (database ${config.DATABASE_NAME}, ready in ${seconds(performance.now() - bootStart)})`,
    );
    out(`  machine         ${machineLine()}`);
    if (kind === 'embedded' && requested > EMBEDDED_BENEFICIARIES) {
      out(
        `  register        ${fmt(size)} beneficiaries — the embedded CongoDB scans every document on every query, so the bench runs at ${fmt(EMBEDDED_BENEFICIARIES)} only (asked for ${fmt(requested)})`,
      );
    } else {
      out(`  register        ${fmt(size)} beneficiaries, one payment each for ${PERIOD}`);
    }
    out(
      `  load            ${fmt(chatCount)} concurrent chats, ${fmt(updates)} /status updates by webhook (after ${fmt(Math.max(warmup, chatCount))} unmeasured warm-up updates); each chat sends its next update ${thinkMs ? `${thinkMs / 2}–${thinkMs * 1.5} ms after` : 'as soon as'} it gets its reply`,
    );

    // ---- setup: the register, then the chats' links (or those a reuse folder kept) ----
    out();
    out('── setup ' + '─'.repeat(68));
    const linking: LinkingContext = { sealer: rt.sealer, policy: linkPolicy(config), now: () => new Date() };
    let users: FakeUser[];
    let links: number;
    if (saved && saved.size === size && saved.chats === chatCount) {
      users = saved.userIds.map((id) => aUser({ id }));
      links = saved.links;
      out(
        `  reused          ${fmt(size)} beneficiaries and ${fmt(chatCount)} linked chats from ${reuseDir} (BENCH_REUSE_DIR)`,
      );
    } else {
      if (saved)
        throw new Error(
          `${reuseDir} holds a ${fmt(saved.size)}-beneficiary, ${saved.chats}-chat bench; empty it or use another folder`,
        );
      ({ users, links } = await buildRegister(rt, linking, size, chatCount, tmp));
      if (reuseDir) {
        const state: ReuseState = {
          databaseName: config.DATABASE_NAME,
          key: config.DATA_ENCRYPTION_KEY!,
          size,
          chats: chatCount,
          userIds: users.map((u) => u.id),
          links,
        };
        fs.writeFileSync(path.join(reuseDir, 'bench-state.json'), JSON.stringify(state));
      }
    }

    // ---- the product's webhook wiring: Express app with the webhook route, setWebhook on the fake ----
    side = await TelegramSide.start();
    const holder: { app?: Express } = {};
    const srv = http.createServer((req, res) => void holder.app?.(req, res));
    server = srv;
    srv.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const publicUrl = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const botConfig: Config = {
      ...config,
      TELEGRAM_BOT_TOKEN: side.token,
      TELEGRAM_API_ROOT: side.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: publicUrl,
    };
    const log = createLogger(botConfig.LOG_LEVEL);
    runner = prepareTelegram(botConfig, linking, log);
    if (!runner?.webhook) throw new Error('the bot was not built in webhook mode');
    holder.app = createHttpApp({
      log,
      databaseKind: kind,
      schedulerRunning: () => false,
      isShuttingDown: () => false,
      telegramWebhook: { path: WEBHOOK_PATH, handler: runner.webhook },
    });
    await runner.start();

    // ---- warm-up (not measured: JIT, connection pools and FerretDB's page cache), then the measured run ----
    const userIds = users.map((u) => u.id);
    const warm = await side.run(userIds, Math.max(warmup, users.length), children, rt.commands);
    if (warm.webhook?.url !== `${publicUrl}${WEBHOOK_PATH}` || warm.webhook.secret_token !== WEBHOOK_SECRET) {
      throw new Error(
        `setWebhook did not register ${publicUrl}${WEBHOOK_PATH} with the secret (got ${JSON.stringify(warm.webhook)})`,
      );
    }
    out(
      `  webhook         ${warm.webhook.url} (secret token set), fake Bot API at ${side.apiRoot} in process ${side.pid}`,
    );
    if (warm.errors.length) throw new Error(`warm-up failed: ${warm.errors.slice(0, 3).join('; ')}`);
    const load = await side.run(userIds, updates, children, rt.commands, thinkMs);

    const reply = load.samples.map((s) => s.replyMs).sort((a, b) => a - b);
    const trip = load.samples.map((s) => s.roundTripMs).sort((a, b) => a - b);
    const p95 = percentile(reply, 95);
    const ms = (n: number) => `${Number.isNaN(n) ? '—' : n.toFixed(n < 10 ? 1 : 0)} ms`;
    const perSecond = (load.samples.length + load.errors.length) / (load.wallMs / 1000);

    out();
    out('── result ' + '─'.repeat(67));
    out(`  database        ${kind} (${rt.database.description})`);
    out(`  register        ${fmt(size)} beneficiaries, ${fmt(chatCount)} chats (${fmt(links)} linked records)`);
    out(
      `  updates         ${fmt(load.samples.length + load.errors.length)} in ${seconds(load.wallMs)}, ${load.errors.length} failed`,
    );
    for (const e of load.errors.slice(0, 5)) out(`    ! ${e}`);
    if (load.errors.length > 5) out(`    ! … ${load.errors.length - 5} more`);
    out(
      `  update → reply  p50 ${ms(percentile(reply, 50))} · p95 ${ms(p95)} · p99 ${ms(percentile(reply, 99))} · max ${ms(reply[reply.length - 1] ?? NaN)}  (mean ${ms(reply.reduce((a, b) => a + b, 0) / (reply.length || 1))})`,
    );
    out(
      `  webhook POST    p50 ${ms(percentile(trip, 50))} · p95 ${ms(percentile(trip, 95))} · p99 ${ms(percentile(trip, 99))} (until the bot answered the fake's POST)`,
    );
    out(`  throughput      ${perSecond.toFixed(0)} updates/s`);
    const handled = load.samples.length + load.errors.length;
    const commandsPerUpdate = totalOf(load.commands) / (handled || 1);
    out(`  commands        ${perOperation(load.commands, handled, 'update')}`);
    out(
      `  load average    ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end (other processes on the machine skew the figures)`,
    );
    const perUpdate = (cpu: number) => `${((1000 * cpu) / (handled || 1)).toFixed(2)} ms`;
    out(
      `  CPU             bot process ${load.botCpu.toFixed(1)} s${children.length ? `, database process ${load.childCpu.toFixed(1)} s` : kind === 'embedded' ? ' (the database runs inside the bot process)' : ''}, fake + load process ${load.cpu.toFixed(1)} s over ${seconds(load.wallMs)} wall`,
    );
    out(
      `  CPU per update  bot ${perUpdate(load.botCpu)}${children.length ? ` + database ${perUpdate(load.childCpu)}` : ''} (+ fake and load ${perUpdate(load.cpu)})`,
    );
    out(
      `  target          ≤ ${TARGET_COMMANDS_PER_UPDATE} database command per update: ${commandsPerUpdate.toFixed(2)} ${verdict(commandsPerUpdate <= TARGET_COMMANDS_PER_UPDATE)}${thinkMs ? ` (measured with BENCH_THINK_MS=${thinkMs}, not the issue's back-to-back load)` : ''}`,
    );
    return 0;
  } finally {
    clearTimeout(deadline);
    await cleanUp();
  }
}

runMain(main);
