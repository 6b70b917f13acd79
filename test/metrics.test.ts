import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { telegramChannel } from '../bot/telegram/channel.js';
import { createHttpApp } from '../miniapp/server.js';
import { createMetricsApp } from '../miniapp/metrics-server.js';
import { miniappHttpDeps } from '../miniapp/wiring.js';
import { nativeDb } from '../models/db/connection.js';
import { Scheduler } from '../services/jobs/scheduler.js';
import { createLogger } from '../services/log.js';
import { NOTICE_COUNTS_TTL_MS, useMetricsClock } from '../services/metrics.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { enqueue } from '../services/notifications/outbox.js';
import { FakeTelegram, aUser } from './fakes/telegram-bot-api.js';
import { aPaidNotice, anAnnouncement, testPolicy, waitUntil } from './support/notify.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-0123456789abcdefgh';
const log = createLogger('silent');

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeTelegram;
let dispatcher: Dispatcher | null = null;
let server: http.Server | null = null;
let base = '';
let now = 1_000_000;

async function serve(metricsToken: string | null): Promise<void> {
  server = http.createServer(
    createHttpApp({
      log,
      databaseKind: rt.database.kind,
      schedulerRunning: () => true,
      isShuttingDown: () => false,
      adminToken: ADMIN_TOKEN,
      metricsToken,
      miniapp: miniappHttpDeps(rt.config, rt.sealer, log),
    }),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function scrape(): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The samples of one metric: each line's labels and value. */
function samples(body: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of body.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample of `name` whose labels include `want` (0 when there is none). */
function valueOf(body: string, name: string, want: Record<string, string> = {}): number {
  const hits = samples(body, name).filter((s) => Object.entries(want).every(([k, v]) => s.labels[k] === v));
  expect(hits.length).toBeLessThanOrEqual(1);
  return hits[0]?.value ?? 0;
}

beforeAll(async () => {
  rt = await startTestRuntime();
  useMetricsClock(() => now);
});
afterAll(async () => {
  useMetricsClock(() => Date.now());
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  fake = await FakeTelegram.start();
  // Each test sees fresh notice counts.
  now += NOTICE_COUNTS_TTL_MS;
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await fake.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

describe('GET /metrics', () => {
  test('is off (404) without METRICS_TOKEN, even with the admin token', async () => {
    await serve(null);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/METRICS_TOKEN/);
  });

  test('answers 401 to no token, a wrong one and the admin token; 200 in the Prometheus format to METRICS_TOKEN', async () => {
    await serve(METRICS_TOKEN);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    for (const token of ['wrong', `${METRICS_TOKEN}x`, ADMIN_TOKEN]) {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(/tas_/);
    }
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toMatch(/^# TYPE tas_notices gauge$/m);
    expect(valueOf(body, 'tas_database_info', { kind: rt.database.kind })).toBe(1);
    expect(samples(body, 'tas_database_info')).toHaveLength(1);
  });

  test("a worker's metrics app serves /metrics behind the same token and nothing else", async () => {
    server = http.createServer(createMetricsApp({ log, databaseKind: rt.database.kind, metricsToken: METRICS_TOKEN }));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
    const body = await scrape();
    expect(valueOf(body, 'tas_notice_counts_up')).toBe(1);
    expect(valueOf(body, 'tas_database_info', { kind: rt.database.kind })).toBe(1);
  });
});

describe('what the exposition holds', () => {
  test('after a notice goes through the Telegram fake (one 429, one 500 on the way) and HTTP requests: counts, retries, waits, latency, no personal data', async () => {
    await serve(METRICS_TOKEN);
    const before = await scrape();
    const user = aUser();
    const bulkUser = aUser();
    fake.failNext('sendMessage', { code: 429, retryAfter: 1 });
    fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error' });
    await enqueue([aPaidNotice(user.id, 'metrics-paid')]);
    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      log,
    );
    dispatcher.start();
    await fake.waitForMessages(user.id, 1, 10000);
    // Far in the future, so it stays waiting in the bulk lane.
    await enqueue([anAnnouncement(bulkUser.id, 'metrics-later')], new Date(Date.now() + 3_600_000));
    const webLinkToken = 'AbCdEfGhIjKlMnOpQrStUvWx0123456789';
    await fetch(`${base}/app/w/${webLinkToken}`);
    await fetch(`${base}/healthz`);
    await fetch(`${base}/no/such/page/987654321`);

    // The outcome is stored a moment after the send; each look moves past the counts' cache.
    const body = await waitUntil(
      () => {
        now += NOTICE_COUNTS_TTL_MS;
        return scrape();
      },
      (b) => valueOf(b, 'tas_queue_depth', { lane: 'personal' }) === 0,
      5000,
      'the sent notice out of the queue',
    );
    // The gauge holds the queue only; a notice that reached its end is counted by the process that settled it.
    expect(samples(body, 'tas_notices').map((s) => s.labels)).toEqual([
      { channel: 'telegram', status: 'created', lane: 'bulk' },
    ]);
    expect(valueOf(body, 'tas_notices', { channel: 'telegram', status: 'created', lane: 'bulk' })).toBe(1);
    expect(valueOf(body, 'tas_queue_depth', { lane: 'bulk' })).toBe(1);
    expect(valueOf(body, 'tas_queue_depth', { lane: 'personal' })).toBe(0);
    expect(valueOf(body, 'tas_notice_counts_up')).toBe(1);

    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(body, name, labels) - valueOf(before, name, labels);
    expect(delta('tas_notice_sends_total', { channel: 'telegram', outcome: 'sent' })).toBe(1);
    expect(delta('tas_notices_settled_total', { channel: 'telegram', status: 'sent', lane: 'personal' })).toBe(1);
    expect(delta('tas_notice_sends_total', { channel: 'telegram', outcome: 'rate_limited' })).toBe(1);
    expect(delta('tas_notice_sends_total', { channel: 'telegram', outcome: 'transient' })).toBe(1);
    expect(delta('tas_rate_limited_total', { channel: 'telegram' })).toBe(1);
    expect(delta('tas_rate_limit_wait_seconds_total', { channel: 'telegram' })).toBeCloseTo(1, 1);
    expect(delta('tas_notice_retries_total', { channel: 'telegram', reason: 'rate_limited' })).toBe(1);
    expect(delta('tas_notice_retries_total', { channel: 'telegram', reason: 'transient' })).toBe(1);

    const latency = (route: string, status_class: string) =>
      valueOf(body, 'tas_http_request_duration_seconds_count', { method: 'GET', route, status_class }) -
      valueOf(before, 'tas_http_request_duration_seconds_count', { method: 'GET', route, status_class });
    expect(latency('/healthz', '2xx')).toBe(1);
    expect(latency('unmatched', '4xx')).toBe(1);
    const webLink = samples(body, 'tas_http_request_duration_seconds_count').filter(
      (s) => s.labels.route === '/app/w/:token',
    );
    expect(webLink.reduce((n, s) => n + s.value, 0)).toBe(1);
    // Earlier scrapes are timed under their pattern too.
    expect(latency('/metrics', '2xx')).toBeGreaterThanOrEqual(1);
    const sum = valueOf(body, 'tas_http_request_duration_seconds_sum', {
      method: 'GET',
      route: '/healthz',
      status_class: '2xx',
    });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(60);

    // No label value carries a chat, a token, a raw path or a name.
    const labelValues = [...body.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    expect(labelValues.length).toBeGreaterThan(20);
    const secrets = [String(user.id), String(bulkUser.id), webLinkToken, '987654321', METRICS_TOKEN, ADMIN_TOKEN];
    for (const v of labelValues) {
      for (const s of secrets) expect(v).not.toContain(s);
      expect(v).not.toMatch(/Nguyễn|Lan/);
      expect(v).not.toMatch(/\d{7,}/);
    }
  });

  test('when a chat has blocked the bot, then its notice is counted as settled failed, not sent', async () => {
    await serve(METRICS_TOKEN);
    const before = await scrape();
    const user = aUser();
    fake.blockUser(user.id);
    await enqueue([aPaidNotice(user.id, 'metrics-blocked')]);
    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      log,
    );
    dispatcher.start();
    const settledAs = (b: string, status: string) =>
      valueOf(b, 'tas_notices_settled_total', { channel: 'telegram', status, lane: 'personal' }) -
      valueOf(before, 'tas_notices_settled_total', { channel: 'telegram', status, lane: 'personal' });
    const body = await waitUntil(
      scrape,
      (b) => settledAs(b, 'failed') === 1,
      5000,
      'the refused notice counted as failed',
    );
    expect(settledAs(body, 'sent')).toBe(0);
  });

  test('sends paced by the rate gate add up their waits for a slot', async () => {
    await serve(METRICS_TOKEN);
    const before = await scrape();
    const users = Array.from({ length: 10 }, () => aUser());
    await enqueue(users.map((u) => anAnnouncement(u.id, 'metrics-paced')));
    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy({ ratePerSecond: { telegram: 50 } }),
      log,
    );
    dispatcher.start();
    await waitUntil(
      () => fake.sent.length,
      (n) => n >= 10,
      10000,
      '10 messages',
    );
    const body = await scrape();
    const waited =
      valueOf(body, 'tas_rate_slot_wait_seconds_total', { channel: 'telegram' }) -
      valueOf(before, 'tas_rate_slot_wait_seconds_total', { channel: 'telegram' });
    // Ten sends 20 ms apart: nine of them wait about 20 ms each, at least.
    expect(waited).toBeGreaterThan(0.1);
    expect(waited).toBeLessThan(10);
  });

  test('notice counts come from one aggregate reused for a few seconds, then read again', async () => {
    await serve(METRICS_TOKEN);
    const users = [aUser(), aUser()];
    await enqueue([aPaidNotice(users[0]!.id, 'cache-a')], new Date(Date.now() + 3_600_000));
    const first = await scrape();
    expect(valueOf(first, 'tas_queue_depth', { lane: 'personal' })).toBe(1);
    await enqueue([aPaidNotice(users[1]!.id, 'cache-b')], new Date(Date.now() + 3_600_000));
    now += NOTICE_COUNTS_TTL_MS - 1;
    expect(valueOf(await scrape(), 'tas_queue_depth', { lane: 'personal' })).toBe(1);
    now += 1;
    const fresh = await scrape();
    expect(valueOf(fresh, 'tas_queue_depth', { lane: 'personal' })).toBe(2);
    expect(valueOf(fresh, 'tas_notices', { channel: 'telegram', status: 'created', lane: 'personal' })).toBe(2);
  });

  test("job runs and failures are counted through the Scheduler's one error path", async () => {
    await serve(METRICS_TOKEN);
    const before = await scrape();
    const scheduler = new Scheduler(nativeDb(), { processEveryMs: 100, lockLifetimeMs: 2000 }, log);
    let calls = 0;
    scheduler.define('metrics-test-ok', async () => {
      calls++;
    });
    scheduler.define('metrics-test-fails', async () => {
      calls++;
      throw new Error('boom');
    });
    await scheduler.start();
    try {
      await scheduler.now('metrics-test-ok');
      await scheduler.now('metrics-test-fails');
      await waitUntil(
        () => calls,
        (n) => n >= 2,
        10000,
        'both jobs ran',
      );
    } finally {
      await scheduler.stop(2000);
    }
    const body = await scrape();
    const delta = (name: string, job: string) =>
      valueOf(body, name, { job_name: job }) - valueOf(before, name, { job_name: job });
    expect(delta('tas_job_runs_total', 'metrics-test-ok')).toBe(1);
    expect(delta('tas_job_failures_total', 'metrics-test-ok')).toBe(0);
    expect(delta('tas_job_runs_total', 'metrics-test-fails')).toBe(1);
    expect(delta('tas_job_failures_total', 'metrics-test-fails')).toBe(1);
    expect(delta('tas_job_duration_seconds_count', 'metrics-test-ok')).toBe(1);
  });
});
