/**
 * Mini-app benchmark (issue 5, "Speed"): the page's first load — bytes of HTML, CSS and JS
 * transferred, gzipped — and the data call (GET /app/api/me) with 50 concurrent users: its
 * server time, and per request the database commands (driver command monitoring) and CPU. Both
 * are printed; nothing is asserted (exit 0 on a MISS, 1 only on a crash or the overall timeout).
 *
 *   npm run bench:miniapp        # variables: bench/README.md
 *
 * The service is wired as scripts/start.ts wires it, in this process, on 127.0.0.1; latency is
 * measured by the client over loopback (so it includes this process's client work), and the
 * mini-app's rate limits are raised so that the run measures the server's work, not its 429s.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sign } from '@telegram-apps/init-data-node';
import mongoose from 'mongoose';
import type { Express } from 'express';
import { createHttpApp } from '../miniapp/server.js';
import { miniappHttpDeps } from '../miniapp/wiring.js';
import type { Config } from '../services/config.js';
import { importFile } from '../services/imports/run-import.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { redeemCode } from '../services/linking/link.js';
import { createLogger } from '../services/log.js';
import {
  BENEFICIARY_HEADER,
  PAYMENT_HEADER,
  beneficiaryLine,
  paymentLine,
  person,
  writeCsv,
} from './support/register-files.js';
import { benchConfig, COMMUNES_FILE, ROOT } from './support/config.js';
import { cpuOf, databaseChildPids } from './support/processes.js';
import { perOperation, type CommandCounter, type CommandCounts } from './support/commands.js';
import { fmt, machineLine, out, pause, percentile, runMain, seconds, wholeEnv } from './support/report.js';
import { startBenchRuntime, type BenchRuntime } from './support/runtime.js';

const JS_BUDGET_BYTES = 100_000;
const FIRST_USER_ID = 7_100_000_000;

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});
const ms = (n: number) => `${Number.isNaN(n) ? '—' : n.toFixed(n < 10 ? 1 : 0)} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

// ---- HTTP over a keep-alive agent, counting what goes over the wire ----
type Answer = { status: number; headers: http.IncomingHttpHeaders; headerBytes: number; body: Buffer };

function request(
  agent: http.Agent,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...opts.headers,
      ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}),
    };
    const req = http.request(url, { method: opts.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // Status line + header lines as they came (rawHeaders keeps them in pairs) + the blank line.
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          headerBytes += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`.length;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, headerBytes, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The body as the browser would read it (ungzipped when it came gzipped). */
const decoded = (a: Answer): Buffer => (a.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(a.body) : a.body);

// ---- (a) first load ----
type Transfer = {
  path: string;
  kind: 'html' | 'css' | 'js';
  encoding: string;
  wire: number;
  headers: number;
  plain: number;
};

/** Fetches /app like a phone's browser (Accept-Encoding: gzip), then every same-origin script and stylesheet it names. */
async function firstLoad(base: string): Promise<{ files: Transfer[]; external: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'Accept-Encoding': 'gzip', 'Accept-Language': 'vi' };
  const files: Transfer[] = [];
  const external: string[] = [];
  const fetchOne = async (pathname: string, kind: Transfer['kind']) => {
    const a = await request(agent, `${base}${pathname}`, { headers });
    if (a.status !== 200) throw new Error(`GET ${pathname} answered ${a.status}`);
    const plain = decoded(a);
    files.push({
      path: pathname,
      kind,
      encoding: String(a.headers['content-encoding'] ?? 'none'),
      wire: a.body.length,
      headers: a.headerBytes,
      plain: plain.length,
    });
    return plain.toString('utf8');
  };
  const html = await fetchOne('/app', 'html');
  const refs = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => ({ url: m[1]!, kind: 'js' as const })),
    ...[...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)].map((m) => ({
      url: /\bhref="([^"]+)"/.exec(m[0])?.[1] ?? '',
      kind: 'css' as const,
    })),
  ].filter((r) => r.url);
  for (const ref of refs) {
    const url = new URL(ref.url.replace(/&amp;/g, '&'), `${base}/app`);
    if (url.origin !== new URL(base).origin) {
      external.push(url.href);
      continue;
    }
    await fetchOne(url.pathname + url.search, ref.kind);
  }
  agent.destroy();
  return { files, external };
}

// ---- (b) the data call under load ----
type LoadResult = {
  latencies: number[];
  statuses: Map<number, number>;
  errors: string[];
  wallMs: number;
  cpu: number;
  childCpu: number;
  commands: CommandCounts;
};

/** `sessions.length` users each call GET /app/api/me back to back (or with a think time) until `durationMs` has passed. */
async function runLoad(
  base: string,
  sessions: readonly string[],
  durationMs: number,
  thinkMs: number,
  children: number[],
  counter: CommandCounter,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sessions.length });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const errors: string[] = [];
  const childCpu = () => children.reduce((sum, pid) => sum + cpuOf(pid), 0);
  const cpuBefore = process.cpuUsage();
  const childBefore = childCpu();
  const started = performance.now();
  const deadline = started + durationMs;
  const oneUser = async (token: string) => {
    if (thinkMs > 0) await pause(thinkMs * Math.random());
    const headers = {
      Authorization: `Bearer ${token}`,
      'Accept-Language': 'vi',
      'Accept-Encoding': 'gzip',
      Accept: 'application/json',
    };
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const a = await request(agent, `${base}/app/api/me`, { headers });
        const t = performance.now() - t0;
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status === 200) {
          const body = JSON.parse(decoded(a).toString('utf8')) as { records?: unknown[] };
          if (!Array.isArray(body.records) || body.records.length === 0) errors.push('200 without linked records');
          else latencies.push(t);
        }
      } catch (err) {
        errors.push(String(err));
      }
      if (thinkMs > 0) await pause(thinkMs * (0.5 + Math.random()));
    }
  };
  const { commands } = await counter.during(() => Promise.all(sessions.map(oneUser)));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    latencies: latencies.sort((a, b) => a - b),
    statuses,
    errors,
    wallMs,
    cpu: (cpu.user + cpu.system) / 1e6,
    childCpu: childCpu() - childBefore,
    commands,
  };
}

async function main(): Promise<number> {
  const size = wholeEnv('BENCH_BENEFICIARIES', 1_000, 1, 1_000_000);
  const users = wholeEnv('BENCH_USERS', 50, 1, 1_000);
  const durationS = wholeEnv('BENCH_DURATION_S', 20, 1, 3_600);
  const warmupS = wholeEnv('BENCH_WARMUP_S', 3, 0, 600);
  const thinkMs = wholeEnv('BENCH_THINK_MS', 0, 0, 60_000);
  const timeoutS = wholeEnv('BENCH_TIMEOUT_S', 600, 10, 86_400);
  if (users > size)
    throw new Error(
      `BENCH_USERS (${users}) cannot exceed BENCH_BENEFICIARIES (${size}): each user is one linked beneficiary`,
    );

  const botToken = `${crypto.randomInt(1_000_000, 9_999_999)}:BENCH-${crypto.randomBytes(12).toString('hex')}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-miniapp-'));
  let rt: BenchRuntime | null = null;
  let server: http.Server | null = null;
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    const s = server;
    if (s)
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    await mongoose.connection.db?.dropDatabase().catch((err: unknown) => {
      process.stderr.write(`could not drop the bench database: ${String(err)}\n`);
    });
    await rt?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = setTimeout(() => {
    process.stderr.write(`bench timed out after ${timeoutS} s (BENCH_TIMEOUT_S); cleaning up\n`);
    setTimeout(() => process.exit(1), 15_000).unref();
    void cleanUp().finally(() => process.exit(1));
  }, timeoutS * 1000);
  deadline.unref();

  try {
    // ---- the service as scripts/start.ts wires it, on a free loopback port ----
    const holder: { app?: Express } = {};
    const srv = http.createServer((req, res) => void holder.app?.(req, res));
    server = srv;
    srv.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const config: Config = {
      ...benchConfig(tmp, ROOT),
      PUBLIC_URL: url,
      TELEGRAM_BOT_TOKEN: botToken,
      MINIAPP_RATE_PER_MINUTE: 100_000,
      MINIAPP_IP_RATE_PER_MINUTE: 1_000_000,
    };
    const bootStart = performance.now();
    const log = createLogger(config.LOG_LEVEL);
    rt = await startBenchRuntime(config, log, { jobs: false, persistent: false, root: ROOT });
    const runtime = rt;
    holder.app = createHttpApp({
      log,
      databaseKind: runtime.database.kind,
      schedulerRunning: () => false,
      isShuttingDown: () => false,
      miniapp: miniappHttpDeps(config, runtime.sealer, log),
      trustProxy: config.TRUST_PROXY,
    });
    const children = databaseChildPids();

    out(`Tin An Sinh mini-app benchmark — ${new Date().toISOString()}`);
    out(
      `  database        ${runtime.database.kind}: ${runtime.database.description} (database ${config.DATABASE_NAME}, ready in ${seconds(performance.now() - bootStart)})`,
    );
    out(`  machine         ${machineLine()}`);
    out(
      `  server          ${url}: createHttpApp + miniappHttpDeps in this process; rate limits raised to ${fmt(config.MINIAPP_RATE_PER_MINUTE)}/min per user, ${fmt(config.MINIAPP_IP_RATE_PER_MINUTE)}/min per IP`,
    );

    // ---- setup: a register of `size`, each beneficiary linked to its own Telegram user ----
    out();
    out('── setup ' + '─'.repeat(68));
    const setupStart = performance.now();
    const ctx = { sealer: runtime.sealer, entryPoint: 'cli' as const, actor: 'bench' };
    const benFile = path.join(tmp, 'beneficiaries.csv');
    const payFile = path.join(tmp, 'payments.csv');
    await writeCsv(benFile, BENEFICIARY_HEADER, size, beneficiaryLine);
    await writeCsv(payFile, PAYMENT_HEADER, size, paymentLine);
    const communes = await importFile('communes', COMMUNES_FILE, ctx, { writeRejects: false });
    const ben = await importFile('beneficiaries', benFile, ctx, { writeRejects: false });
    const pay = await importFile('payments', payFile, ctx, { writeRejects: false });
    if (ben.created !== size || pay.created !== size)
      throw new Error(
        `the register was not built: ${ben.created} beneficiaries and ${pay.created} payments of ${size}`,
      );
    out(
      `  register        ${fmt(communes.created)} communes, ${fmt(size)} beneficiaries, ${fmt(size)} payments imported in ${seconds(performance.now() - setupStart)}`,
    );
    const linkStart = performance.now();
    const linking: LinkingContext = { sealer: runtime.sealer, policy: linkPolicy(config), now: () => new Date() };
    for (let i = 0; i < size; i++) {
      const { code } = await issueLinkCode(linking, person(i).nationalId, 'bench');
      const outcome = await redeemCode(linking, { channel: 'telegram', chatId: String(FIRST_USER_ID + i) }, code);
      if (outcome.kind !== 'linked')
        throw new Error(`linking Telegram user ${FIRST_USER_ID + i} to record ${i} failed: ${outcome.kind}`);
    }
    out(
      `  links           ${fmt(size)} Telegram users, one record each, by one-time codes in ${seconds(performance.now() - linkStart)}`,
    );

    // ---- sessions: one per simulated user, spread over the register ----
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const sessions: string[] = [];
    const signInMs: number[] = [];
    for (let u = 0; u < users; u++) {
      const i = Math.floor((u * size) / users);
      const initData = sign(
        { user: { id: FIRST_USER_ID + i, first_name: 'Bench', language_code: 'vi' } },
        botToken,
        new Date(),
      );
      const t0 = performance.now();
      const a = await request(agent, `${url}/app/api/session/telegram`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': 'vi' },
        body: JSON.stringify({ initData }),
      });
      signInMs.push(performance.now() - t0);
      const body = JSON.parse(a.body.toString('utf8')) as { sessionToken?: string; error?: string };
      if (a.status !== 200 || !body.sessionToken)
        throw new Error(`POST /app/api/session/telegram answered ${a.status} ${JSON.stringify(body).slice(0, 200)}`);
      sessions.push(body.sessionToken);
    }
    agent.destroy();
    signInMs.sort((a, b) => a - b);
    out(
      `  sessions        ${fmt(users)} by POST /app/api/session/telegram (signed init data), one at a time: p50 ${ms(percentile(signInMs, 50))}, max ${ms(signInMs[signInMs.length - 1] ?? NaN)}`,
    );
    out(`  setup total     ${seconds(performance.now() - setupStart)}`);

    // ---- (a) first load ----
    const load1 = await firstLoad(url);
    out();
    out('── first load: GET /app and what it names, Accept-Encoding: gzip ' + '─'.repeat(12));
    out(
      `  ${'file'.padEnd(26)} ${'encoding'.padEnd(9)} ${'on the wire'.padStart(12)} ${'headers'.padStart(8)} ${'unzipped'.padStart(10)}`,
    );
    for (const f of load1.files)
      out(
        `  ${f.path.padEnd(26)} ${f.encoding.padEnd(9)} ${kb(f.wire).padStart(12)} ${kb(f.headers).padStart(8)} ${kb(f.plain).padStart(10)}`,
      );
    const sum = (kind?: Transfer['kind']) =>
      load1.files.filter((f) => !kind || f.kind === kind).reduce((a, f) => a + f.wire, 0);
    const headerSum = load1.files.reduce((a, f) => a + f.headers, 0);
    out(
      `  total           ${kb(sum())} of bodies on the wire (HTML ${kb(sum('html'))}, CSS ${kb(sum('css'))}, JS ${kb(sum('js'))}) + ${kb(headerSum)} of response headers`,
    );
    for (const f of load1.files) if (f.encoding !== 'gzip' && f.plain > 1024) out(`  ! ${f.path} came uncompressed`);
    for (const kind of ['js', 'css'] as const)
      if (!load1.files.some((f) => f.kind === kind))
        out(`  ! the shell names no same-origin ${kind === 'js' ? 'script' : 'stylesheet'}`);
    for (const e of load1.external)
      out(`  external        ${e} (not ours, not counted; Telegram serves it, cached by the app)`);
    out(
      `  JS budget       ${kb(sum('js'))} gzipped of ${kb(JS_BUDGET_BYTES)}: ${sum('js') < JS_BUDGET_BYTES ? 'PASS' : 'MISS'}`,
    );

    // ---- (b) the data call under load ----
    if (warmupS > 0) {
      const warm = await runLoad(url, sessions, warmupS * 1000, thinkMs, children, runtime.commands);
      if (!warm.latencies.length)
        throw new Error(
          `warm-up failed: ${[...warm.statuses].map(([s, n]) => `${n}× ${s}`).join(', ')} ${warm.errors.slice(0, 3).join('; ')}`,
        );
    }
    const load = await runLoad(url, sessions, durationS * 1000, thinkMs, children, runtime.commands);
    const lat = load.latencies;
    const answered = [...load.statuses.values()].reduce((a, b) => a + b, 0);
    out();
    out(
      `── data call: GET /app/api/me, ${fmt(users)} concurrent users ${thinkMs ? `(think ${thinkMs / 2}–${thinkMs * 1.5} ms)` : 'back to back'}, ${seconds(load.wallMs)} after ${warmupS} s warm-up ` +
        '─'.repeat(2),
    );
    out(
      `  requests        ${fmt(answered)} answered: ${[...load.statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${fmt(n)}× ${s}`)
        .join(', ')}; ${load.errors.length} failed`,
    );
    for (const e of load.errors.slice(0, 5)) out(`    ! ${e}`);
    out(`  throughput      ${(answered / (load.wallMs / 1000)).toFixed(0)} requests/s`);
    out(
      `  server time     p50 ${ms(percentile(lat, 50))} · p95 ${ms(percentile(lat, 95))} · p99 ${ms(percentile(lat, 99))} · max ${ms(lat[lat.length - 1] ?? NaN)}  (client-side, loopback, 200s only)`,
    );
    out(`  commands        ${perOperation(load.commands, answered, 'request')}`);
    out(
      `  CPU             this process (server + load) ${load.cpu.toFixed(1)} s${children.length ? `, database ${load.childCpu.toFixed(1)} s` : ''} over ${seconds(load.wallMs)}; per request ${((1000 * load.cpu) / (answered || 1)).toFixed(2)} ms${children.length ? ` + ${((1000 * load.childCpu) / (answered || 1)).toFixed(2)} ms` : ''}`,
    );
    out(
      `  load average    ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end (other processes on the machine skew the figures)`,
    );
    return 0;
  } finally {
    clearTimeout(deadline);
    await cleanUp();
  }
}

runMain(main);
