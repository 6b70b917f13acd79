import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { prepareTelegram, WEBHOOK_PATH, type TelegramRunner } from '../../bot/telegram/run.js';
import { ZALO_WEBHOOK_PATH, zaloWebhookRoute } from '../../bot/zalo/webhook.js';
import { createHttpApp } from '../../miniapp/server.js';
import { machineApiDeps, miniappHttpDeps } from '../../miniapp/wiring.js';
import { linkPolicy } from '../../services/linking/policy.js';
import { createLogger } from '../../services/log.js';
import { saveCommunes } from '../../services/register/communes.js';
import type { Runtime } from '../../services/runtime.js';
import { monitoredUri } from '../../bench/support/commands.js';
import { FakeTelegram, aUser } from '../fakes/telegram-bot-api.js';
import { seedLinkedBeneficiary, telegramInitData } from './miniapp.js';
import { anOfficer, officerSession } from './officer-sessions.js';
import { startFakeZaloGraph, type FakeZaloGraph } from '../fakes/zalo-graph.js';
import { startTestRuntime } from './runtime.js';

/*
 * One process with every entry point that takes outside input on a real port — the Telegram
 * webhook (bot on the fake Bot API), the Zalo OA webhook, the mini-app and officer APIs — and a
 * watch on the database driver, so a test can tell which writes a request caused.
 */

/** The Telegram webhook's secret in these tests. */
export const FUZZ_TELEGRAM_SECRET = 'fuzz-secret-0123456789abcdef';
/** The Zalo app and OA keys in these tests. */
export const FUZZ_ZALO = { appId: '4200000000000000042', oaSecretKey: 'oa-secret-key-for-fuzzing' };

/** The running service and its fakes. */
export type FuzzServer = {
  url: string;
  rt: Runtime;
  telegram: FakeTelegram;
  writes: WriteWatch;
  stop(): Promise<void>;
};

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'drop', 'create']);

/** Documents a write command changed, from the server's reply: a conditional update that matched nothing wrote nothing. */
function changed(command: string, reply: Record<string, unknown>): number {
  if (command === 'update')
    return Number(reply.nModified ?? 0) + ((reply.upserted as unknown[] | undefined)?.length ?? 0);
  if (command === 'findAndModify') return Number((reply.lastErrorObject as { n?: number } | undefined)?.n ?? 0);
  if (command === 'insert' || command === 'delete') return Number(reply.n ?? 0);
  return 1;
}

/** Records `update chats`, `insert audit`…: every write that changed a document, in order. */
export class WriteWatch {
  private seen: string[] = [];
  /** Writes and the moments answers finished (`finish POST /app/…`), in the order they happened. */
  readonly timeline: string[] = [];
  private readonly pending = new Map<number, string>();
  constructor(client: MongoClient) {
    if (!client.options.monitorCommands) throw new Error('the database client was made without monitorCommands');
    client.on('commandStarted', (e: CommandStartedEvent) => {
      if (!WRITE_COMMANDS.has(e.commandName)) return;
      const target = e.command[e.commandName] as unknown;
      this.pending.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : '?'}`);
    });
    client.on('commandSucceeded', (e: CommandSucceededEvent) => {
      const key = this.pending.get(e.requestId);
      this.pending.delete(e.requestId);
      if (key && changed(e.commandName, e.reply as Record<string, unknown>) > 0) {
        this.seen.push(key);
        this.timeline.push(key);
      }
    });
    client.on('commandFailed', (e: CommandFailedEvent) => void this.pending.delete(e.requestId));
  }
  /** Runs `work` and returns the writes sent meanwhile (requests must not overlap). */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
    const from = this.seen.length;
    const result = await work();
    // A route may answer before its last write is sent (the Zalo webhook answers, then hands the event on).
    await new Promise((r) => setImmediate(r));
    return { result, writes: this.seen.slice(from) };
  }
}

/** Starts the service with every outside entry point, on a database of its own with the driver's command monitoring on. */
export async function startFuzzServer(): Promise<FuzzServer> {
  const telegram = await FakeTelegram.start();
  const zaloGraph: FakeZaloGraph = await startFakeZaloGraph();
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rt = await startTestRuntime({
    MONGODB_URI: monitoredUri(process.env.MONGODB_URI ?? ''),
    PUBLIC_URL: url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: FUZZ_TELEGRAM_SECRET,
    ZALO_GRAPH_API_ROOT: zaloGraph.root,
    MINIAPP_RATE_PER_MINUTE: '100000',
    MINIAPP_IP_RATE_PER_MINUTE: '100000',
    API_RATE_PER_MINUTE: '10000',
  });
  const writes = new WriteWatch(mongoose.connection.getClient() as unknown as MongoClient);
  const log = createLogger(rt.config.LOG_LEVEL);
  const linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
  const runner: TelegramRunner = prepareTelegram(rt.config, linking, log)!;
  const app = createHttpApp({
    log,
    databaseKind: rt.database.kind,
    schedulerRunning: () => true,
    isShuttingDown: () => false,
    telegramWebhook: { path: WEBHOOK_PATH, handler: runner.webhook! },
    zaloWebhook: {
      path: ZALO_WEBHOOK_PATH,
      handler: zaloWebhookRoute({
        ...FUZZ_ZALO,
        maxAgeMs: 900_000,
        sealer: rt.sealer,
        now: () => new Date(),
        log,
        // Stored events are not answered here: the conversation has tests of its own.
        onStored: () => undefined,
      }),
    },
    miniapp: miniappHttpDeps(rt.config, rt.sealer, log),
    machineApi: machineApiDeps(rt.config, rt.sealer, log),
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.once('finish', () => writes.timeline.push(`finish ${req.method} ${req.url}`));
    void app(req, res);
  });
  await runner.start();
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
  return {
    url,
    rt,
    telegram,
    writes,
    async stop() {
      await runner.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rt.stop();
      await telegram.stop();
      await zaloGraph.stop();
    },
  };
}

/** Who sends a fuzzed request: no one, a made-up session, a signed-in person or officer, the machine API's client. */
export type Caller = 'nobody' | 'bogus' | 'person' | 'officer' | 'machine';
/** The CSRF header a request carries. */
export type Csrf = 'none' | 'wrong' | 'right';
/** Session and CSRF tokens of the signed-in callers. */
export type CallerTokens = Record<'person' | 'officer', { sessionToken: string; csrfToken: string }>;

/** A person signed in from Telegram (their record linked) and a province administrator, with their tokens. */
export async function signedInCallers(srv: FuzzServer): Promise<CallerTokens> {
  const userId = aUser().id;
  await seedLinkedBeneficiary(srv.rt, { telegramUserId: userId });
  const initData = telegramInitData({ id: userId }, { botToken: srv.telegram.token });
  const signIn = await send(srv.url, {
    method: 'POST',
    path: '/app/api/session/telegram',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ initData })),
  });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${signIn.body}`);
  const person = JSON.parse(signIn.body) as { sessionToken: string };
  const me = await send(srv.url, {
    method: 'GET',
    path: '/app/api/me',
    headers: { authorization: `Bearer ${person.sessionToken}` },
  });
  const officer = await anOfficer(srv.rt, { role: 'province_admin' });
  return {
    person: { sessionToken: person.sessionToken, csrfToken: (JSON.parse(me.body) as { csrfToken: string }).csrfToken },
    officer: await officerSession(srv.rt, officer.officerId),
  };
}

/** The headers of a caller: its session (Bearer) and the CSRF token, right, wrong or absent. */
export function callerHeaders(
  tokens: CallerTokens,
  caller: Caller,
  csrf: Csrf,
  machineToken: string | null,
): Record<string, string> {
  if (caller === 'nobody') return {};
  if (caller === 'bogus') return { authorization: `Bearer ${'A'.repeat(43)}`, 'x-csrf-token': 'x' };
  if (caller === 'machine') return machineToken ? { authorization: `Bearer ${machineToken}` } : {};
  const t = tokens[caller];
  return {
    authorization: `Bearer ${t.sessionToken}`,
    ...(csrf === 'none' ? {} : { 'x-csrf-token': csrf === 'right' ? t.csrfToken : `${t.csrfToken}x` }),
  };
}

/** A request as the fuzzer sends it: raw bytes, any headers. */
export type RawRequest = { method: string; path: string; headers: Record<string, string>; body?: Buffer };

/** Sends a request over a fresh connection; a connection the server cuts is status 0, not a throw. */
export function send(base: string, req: RawRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(base);
    const r = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    r.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve({ status: 0, body: '' }) : reject(err),
    );
    r.end(req.body);
  });
}
