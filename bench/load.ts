/**
 * Load run (issue 22): autocannon against the two HTTP paths people hit most — the Telegram
 * webhook (`/status` from linked chats, the bot replying through the loopback fake Bot API) and the
 * mini-app's data call (`GET /app/api/me`, signed in) — each for a fixed time with a fixed number
 * of connections. Prints p50/p95/p99/max latency, requests per second, errors and non-2xx answers,
 * and the database engine. Nothing is asserted: exit 0 unless something crashes.
 *
 *   npm run bench:load                                  # 10 s each, 20 connections, 1,000 beneficiaries
 *   LOAD_DURATION_S=60 LOAD_CONNECTIONS=50 npm run bench:load
 *
 * Env: LOAD_DURATION_S (10), LOAD_CONNECTIONS (20), LOAD_BENEFICIARIES (1000), LOAD_CHATS (50),
 * plus the database variables every bench passes through (bench/README.md).
 *
 * The service, the fake Bot API and autocannon share this one process (and the database its own):
 * figures are the whole loop's on one machine, not the server's alone.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { prepareTelegram, WEBHOOK_PATH, type TelegramRunner } from '../bot/telegram/run.js';
import { createHttpApp } from '../miniapp/server.js';
import { miniappContext, miniappHttpDeps } from '../miniapp/wiring.js';
import type { Config } from '../services/config.js';
import { importFile } from '../services/imports/run-import.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { redeemCode } from '../services/linking/link.js';
import { linkPolicy } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { openSession } from '../services/miniapp/sessions.js';
import { FakeTelegram, aUser } from '../test/fakes/telegram-bot-api.js';
import { benchConfig, COMMUNES_FILE, ROOT } from './support/config.js';
import {
  BENEFICIARY_HEADER,
  PAYMENT_HEADER,
  beneficiaryLine,
  paymentLine,
  person,
  writeCsv,
} from './support/register-files.js';
import { fmt, machineLine, out, percentile, runMain, seconds, wholeEnv } from './support/report.js';
import { startBenchRuntime, type BenchRuntime } from './support/runtime.js';

const SECRET = 'load-run-webhook-secret-0123456789';

/** What one autocannon run measured. */
type Figures = {
  requests: number;
  perSecond: number;
  latencies: number[];
  errors: number;
  timeouts: number;
  non2xx: number;
};

/** Runs autocannon for `durationS`; `next` gives each request (method, path, headers, body) in turn. */
async function hammer(
  url: string,
  connections: number,
  durationS: number,
  next: () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string },
): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        // One request per connection at a time: a chat waits for its answer before sending again.
        pipelining: 1,
        requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => void latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    latencies,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

function report(name: string, f: Figures): void {
  const ms = (p: number) => `${percentile(f.latencies, p).toFixed(1)} ms`;
  out(`  ${name}`);
  out(`    latency       p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}`);
  out(`    throughput    ${f.perSecond.toFixed(0)} requests/s (${fmt(f.requests)} requests)`);
  out(`    failures      ${f.errors} errors (${f.timeouts} timeouts), ${f.non2xx} non-2xx answers`);
}

async function main(): Promise<number> {
  const durationS = wholeEnv('LOAD_DURATION_S', 10, 1, 3600);
  const connections = wholeEnv('LOAD_CONNECTIONS', 20, 1, 1000);
  const size = wholeEnv('LOAD_BENEFICIARIES', 1000, 10, 1_000_000);
  const chatCount = Math.min(wholeEnv('LOAD_CHATS', 50, 1, 10_000), size);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-load-'));
  const fake = await FakeTelegram.start();
  const server = http.createServer();
  server.keepAliveTimeout = 60_000;
  let rt: BenchRuntime | null = null;
  let runner: TelegramRunner | null = null;
  let inFlight = 0;
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config: Config = {
      ...benchConfig(tmp, ROOT),
      PUBLIC_URL: url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      MINIAPP_RATE_PER_MINUTE: 100_000,
      MINIAPP_IP_RATE_PER_MINUTE: 1_000_000,
    };
    const log = createLogger(config.LOG_LEVEL);
    rt = await startBenchRuntime(config, log, { jobs: false, persistent: false, root: ROOT });
    const linking = { sealer: rt.sealer, policy: linkPolicy(config), now: () => new Date() };
    runner = prepareTelegram(config, linking, log)!;
    const app = createHttpApp({
      log,
      databaseKind: rt.database.kind,
      schedulerRunning: () => false,
      isShuttingDown: () => false,
      telegramWebhook: { path: WEBHOOK_PATH, handler: runner.webhook! },
      miniapp: miniappHttpDeps(config, rt.sealer, log),
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      inFlight++;
      res.once('close', () => inFlight--);
      void app(req, res);
    });
    await runner.start();

    out(`Tin An Sinh load run (autocannon) — ${new Date().toISOString()}`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(`  machine         ${machineLine()}`);
    out(`  load            ${connections} connections, ${durationS} s per path, one request at a time per connection`);

    const setupStart = performance.now();
    const ctx = { sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'bench' };
    const benFile = path.join(tmp, 'beneficiaries.csv');
    const payFile = path.join(tmp, 'payments.csv');
    await writeCsv(benFile, BENEFICIARY_HEADER, size, beneficiaryLine);
    await writeCsv(payFile, PAYMENT_HEADER, size, paymentLine);
    await importFile('communes', COMMUNES_FILE, ctx, { writeRejects: false });
    await importFile('beneficiaries', benFile, ctx, { writeRejects: false });
    await importFile('payments', payFile, ctx, { writeRejects: false });
    const users = Array.from({ length: chatCount }, () => aUser());
    for (const [c, user] of users.entries()) {
      const { code } = await issueLinkCode(linking, person(Math.floor((c * size) / chatCount)).nationalId, 'bench');
      const outcome = await redeemCode(linking, { channel: 'telegram', chatId: String(user.id) }, code);
      if (outcome.kind !== 'linked') throw new Error(`linking chat ${c} failed: ${outcome.kind}`);
    }
    const web = miniappContext(config, rt.sealer);
    const sessions = await Promise.all(
      users.map((u) => openSession({ kind: 'chat', channel: 'telegram', chatId: String(u.id) }, 'telegram', web)),
    );
    out(
      `  setup           ${fmt(size)} beneficiaries and payments imported, ${chatCount} chats linked, in ${seconds(performance.now() - setupStart)}`,
    );
    out();

    let updateId = 1;
    let turn = 0;
    const telegram = await hammer(url, connections, durationS, () => {
      const user = users[turn++ % users.length]!;
      const update = {
        update_id: updateId++,
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          from: { id: user.id, is_bot: false, first_name: user.first_name },
          chat: { id: user.id, type: 'private', first_name: user.first_name },
          text: '/status',
          entities: [{ type: 'bot_command', offset: 0, length: 7 }],
        },
      };
      return {
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      };
    });
    report(
      'POST /telegram/webhook (/status from linked chats; the reply goes to the fake Bot API before the 200)',
      telegram,
    );
    const replies = fake.sent.length;
    out(`    replies       ${fmt(replies)} messages recorded by the fake Bot API`);

    const miniapp = await hammer(url, connections, durationS, () => ({
      method: 'GET',
      path: '/app/api/me',
      headers: { authorization: `Bearer ${sessions[turn++ % sessions.length]!.sessionToken}` },
    }));
    report('GET /app/api/me (signed in, the person’s records and this month’s payment)', miniapp);
    return 0;
  } finally {
    // autocannon stops mid-request when its time is up: those requests finish before the database stops.
    for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await runner?.stop().catch(() => undefined);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rt?.stop();
    await fake.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
