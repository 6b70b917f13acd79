import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { parseZaloEvent } from '../bot/zalo/events.js';
import { zaloEventProcessor, type ZaloEventProcessor } from '../bot/zalo/processor.js';
import type { ZaloReplier, ZaloReply } from '../bot/zalo/replies.js';
import { ZALO_WEBHOOK_PATH, zaloWebhookRoute } from '../bot/zalo/webhook.js';
import { createHttpApp } from '../miniapp/server.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { miniappPolicy } from '../services/miniapp/policy.js';
import { zaloEventById, zaloEventIdFor } from '../services/zalo/webhook-events.js';
import { FakeZaloWebhook } from './fakes/zalo-webhook.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

/*
 * The OA webhook over real HTTP: Zalo's signature, the stale-timestamp refusal, the 200 that comes
 * before the work, repeated deliveries, and an event stored by a process that died after answering.
 * Replies are recorded at the edge (the conversation itself is test/zalo-conversation.test.ts).
 */

const APP_ID = '4200000000000000042';
const OA_ID = '1700000000000000017';
const SECRET = 'oa-secret-key-for-tests';
const MAX_AGE_MS = 900_000;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let clock: { now: number };
let linking: LinkingContext;
let server: http.Server;
let url: string;
let replies: { userId: string; reply: ZaloReply }[];
let processor: ZaloEventProcessor;
/** Set by a test to stand for a process that dies right after answering 200. */
let crashAfterStoring = false;
/** Set by a test: the next request is handled, but its connection breaks before the answer leaves. */
let breakNextAnswer = false;

const recorder: ZaloReplier = {
  async send(userId, reply) {
    replies.push({ userId, reply });
  },
};
const textsTo = (userId: string): string[] =>
  replies.filter((r) => r.userId === userId && r.reply.kind === 'text').map((r) => (r.reply as { text: string }).text);
const idOf = (event: object): string => zaloEventIdFor(parseZaloEvent(event)!.key);

/** A processor of its own ("another process"); `turnClock` is the clock the conversation reads (a test may break it). */
function newProcessor(turnClock: () => Date = linking.now): ZaloEventProcessor {
  const web = {
    sealer: rt.sealer,
    policy: miniappPolicy(rt.config),
    publicUrl: 'https://an-sinh.example',
    now: turnClock,
  };
  return zaloEventProcessor({
    sealer: rt.sealer,
    now: linking.now,
    log: createLogger('silent'),
    conversation: { linking: { ...linking, now: turnClock }, web },
    replier: recorder,
  });
}

function zalo(retries = 2): FakeZaloWebhook {
  const z = new FakeZaloWebhook({ url, appId: APP_ID, oaId: OA_ID, oaSecretKey: SECRET, retries });
  z.setNow(() => clock.now);
  return z;
}

beforeAll(async () => {
  rt = await startTestRuntime();
  clock = { now: Date.parse('2026-11-20T02:00:00Z') };
  linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date(clock.now) };
  const route = zaloWebhookRoute({
    appId: APP_ID,
    oaSecretKey: SECRET,
    maxAgeMs: MAX_AGE_MS,
    sealer: rt.sealer,
    now: linking.now,
    log: createLogger('silent'),
    onStored: (id, userId) => {
      if (!crashAfterStoring) processor.enqueue(id, userId);
    },
  });
  const handler: RequestHandler = (req, res, next) => {
    if (breakNextAnswer) {
      breakNextAnswer = false;
      res.end = (() => req.socket.destroy()) as never;
    }
    return route(req, res, next);
  };
  const app = createHttpApp({
    log: createLogger('silent'),
    databaseKind: rt.database.kind,
    schedulerRunning: () => true,
    isShuttingDown: () => false,
    zaloWebhook: { path: ZALO_WEBHOOK_PATH, handler },
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ZALO_WEBHOOK_PATH}`;
});
beforeEach(async () => {
  await emptyDatabase();
  replies = [];
  crashAfterStoring = false;
  processor = newProcessor();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rt.stop();
});

test('when Zalo delivers a signed follow, then it gets 200 within 2 seconds and the person is greeted once', async () => {
  const z = zalo();
  const event = z.follow('u-follow');
  const delivery = await z.deliver(event);
  expect(delivery.attempts).toEqual([200]);
  expect(delivery.lastMs).toBeLessThan(2000);
  await processor.idle();
  expect(textsTo('u-follow')).toHaveLength(1);
  expect(textsTo('u-follow')[0]).toContain('Xin chào! Đây là Tin An Sinh');
  const stored = await zaloEventById(idOf(event));
  expect(stored).toMatchObject({ state: 'done', sealedBody: null, attempts: 1 });
});

test('when the signature is forged, missing, or the body was changed after signing, then 401 and nothing is stored or answered', async () => {
  const z = zalo(0);
  const forged = z.text('u-forged', 'tiền về chưa');
  expect((await z.deliver(forged, { secretKey: 'not-the-oa-secret' })).attempts).toEqual([401]);
  const unsigned = z.text('u-forged', 'tiền về chưa');
  expect((await z.deliver(unsigned, { signature: null })).attempts).toEqual([401]);
  const altered = z.text('u-forged', 'tiền về chưa');
  const changed = (raw: string) => raw.replace('u-forged', 'u-victim');
  expect((await z.deliver(altered, { alterBody: changed })).attempts).toEqual([401]);
  const garbage = z.text('u-forged', 'x');
  expect((await z.deliver(garbage, { signature: 'mac=00' })).attempts).toEqual([401]);

  await processor.idle();
  for (const e of [forged, unsigned, altered, garbage]) expect(await zaloEventById(idOf(e))).toBeNull();
  expect(replies).toEqual([]);
  // The same event, rightly signed, is taken: the refusals were about the signature alone.
  expect((await z.deliver(forged)).attempts).toEqual([200]);
});

test('when the timestamp is older (or further ahead) than the allowed age, then 401 and nothing is stored', async () => {
  const z = zalo(0);
  z.setNow(clock.now - MAX_AGE_MS - 1000);
  const stale = z.follow('u-stale');
  z.setNow(clock.now + MAX_AGE_MS + 1000);
  const ahead = z.follow('u-stale');
  z.setNow(clock.now - MAX_AGE_MS + 60_000);
  const late = z.follow('u-late');

  expect((await z.deliver(stale)).attempts).toEqual([401]);
  expect((await z.deliver(ahead)).attempts).toEqual([401]);
  expect((await z.deliver(late)).attempts).toEqual([200]);
  await processor.idle();
  expect(await zaloEventById(idOf(stale))).toBeNull();
  expect(textsTo('u-stale')).toEqual([]);
  expect(textsTo('u-late')).toHaveLength(1);
});

test('when Zalo delivers one event twice, then both get 200 and it is handled once', async () => {
  const z = zalo();
  const event = z.text('u-twice', '/help');
  expect((await z.deliver(event)).attempts).toEqual([200]);
  expect((await z.deliver(event)).attempts).toEqual([200]);
  await processor.idle();
  expect(textsTo('u-twice')).toHaveLength(1);
  expect(textsTo('u-twice')[0]).toContain('Hướng dẫn sử dụng');
});

test('when the answer to a delivery is lost, then Zalo delivers again and the event is handled once', async () => {
  const z = zalo(2);
  breakNextAnswer = true;
  const delivery = await z.deliver(z.follow('u-retry'));
  expect(delivery.attempts).toEqual([0, 200]);
  await processor.idle();
  expect(textsTo('u-retry')).toHaveLength(1);
});

test('when the process dies after answering 200, then the sweep of another process handles the stored event once', async () => {
  const z = zalo();
  crashAfterStoring = true;
  const event = z.text('u-crash', '/help');
  expect((await z.deliver(event)).attempts).toEqual([200]);
  await processor.idle();
  expect(textsTo('u-crash')).toEqual([]);
  expect(await zaloEventById(idOf(event))).toMatchObject({ state: 'pending', attempts: 0 });

  const other = newProcessor();
  // Too fresh: the sweep leaves it to the process that received it.
  expect((await other.sweep()).handled).toBe(0);
  clock.now += 60_000;
  expect((await other.sweep()).handled).toBe(1);
  expect((await other.sweep()).handled).toBe(0);
  expect(textsTo('u-crash')).toHaveLength(1);
  expect(await zaloEventById(idOf(event))).toMatchObject({ state: 'done', sealedBody: null });
});

test('when a shared phone is stored, then its body is sealed while it waits and dropped once handled', async () => {
  const z = zalo();
  crashAfterStoring = true;
  const event = z.submitInfo('u-sealed', { phone: '84912999888' });
  await z.deliver(event);
  const waiting = await zaloEventById(idOf(event));
  expect(waiting!.sealedBody).toBeTruthy();
  expect(waiting!.sealedBody).not.toContain('912999888');

  clock.now += 60_000;
  await newProcessor().sweep();
  expect(await zaloEventById(idOf(event))).toMatchObject({ state: 'done', sealedBody: null });
  expect(textsTo('u-sealed')[0]).toContain('4 số cuối');
});

test('when closed events are older than the keeping time, then the sweep forgets them', async () => {
  const z = zalo();
  const event = z.follow('u-old');
  await z.deliver(event);
  await processor.idle();
  clock.now += 2 * 86_400_000;
  expect((await processor.sweep()).pruned).toBe(1);
  expect(await zaloEventById(idOf(event))).toBeNull();
});

test('when a turn fails unexpectedly, then it is tried again later, and after the last attempt the person is told once and the event closed', async () => {
  let failures = 0;
  const failingClock = () => {
    if (failures > 0) {
      failures--;
      throw new Error('the clock broke');
    }
    return linking.now();
  };
  processor = newProcessor(failingClock);
  const z = zalo();

  failures = 1;
  const once = z.text('u-flaky', 'ACDEFGHJ');
  await z.deliver(once);
  await processor.idle();
  expect(await zaloEventById(idOf(once))).toMatchObject({ state: 'pending', attempts: 1 });
  expect(replies).toEqual([]);
  expect((await processor.sweep()).handled).toBe(0);
  clock.now += 11_000;
  expect((await processor.sweep()).handled).toBe(1);
  expect(await zaloEventById(idOf(once))).toMatchObject({ state: 'done', attempts: 2 });
  expect(textsTo('u-flaky')).toEqual([expect.stringContaining('Ông/bà còn 4 lần thử')]);

  failures = 100;
  const never = z.text('u-broken', 'ACDEFGHJ');
  await z.deliver(never);
  await processor.idle();
  for (let i = 0; i < 3; i++) {
    clock.now += 30_000;
    await processor.sweep();
  }
  expect(await zaloEventById(idOf(never))).toMatchObject({ state: 'failed', attempts: 3, sealedBody: null });
  expect(textsTo('u-broken')).toEqual(['Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.']);
});
