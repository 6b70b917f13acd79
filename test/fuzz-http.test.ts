import fc from 'fast-check';
import { zaloSignature } from '../bot/zalo/signature.js';
import { aUser } from './fakes/telegram-bot-api.js';
import {
  callerHeaders,
  signedInCallers,
  type Caller,
  type CallerTokens,
  type Csrf,
  FUZZ_TELEGRAM_SECRET,
  FUZZ_ZALO,
  send,
  startFuzzServer,
  type FuzzServer,
  type RawRequest,
} from './support/http-fuzz.js';
import { aKey } from './support/machine-api.js';
import { bodies, contentTypes, pathSegment, queryString, telegramUpdate, zaloEvent } from './support/http-bodies.js';

/*
 * The entry points that take outside input, fuzzed over real HTTP: generated bodies (random and
 * route-shaped JSON, wrong types, deep nesting, large strings, invalid UTF-8), wrong content types,
 * odd paths and queries, with and without the secret, signature, session and CSRF token. Whatever
 * comes, the answer is never a 5xx, the process keeps answering, and a refused request writes nothing.
 */

/** The mini-app's and officers' routes; `:x` parts are filled by the fuzzer. */
const MINIAPP_ROUTES: Route[] = [
  { method: 'POST', path: '/app/api/session/telegram' },
  { method: 'POST', path: '/app/api/session/zalo' },
  { method: 'GET', path: '/app/api/providers' },
  { method: 'GET', path: '/app/api/me' },
  { method: 'POST', path: '/app/api/records/:ref/confirm' },
  { method: 'POST', path: '/app/api/records/:ref/account' },
  { method: 'GET', path: '/app' },
  { method: 'GET', path: '/app/w/:token' },
  { method: 'POST', path: '/app/w/:token' },
  { method: 'GET', path: '/app/dl/:token' },
  { method: 'GET', path: '/app/api/officer/dashboard' },
  { method: 'GET', path: '/app/api/officer/queue' },
  { method: 'POST', path: '/app/api/officer/queue/:ref/reveal' },
  { method: 'POST', path: '/app/api/officer/export' },
  { method: 'POST', path: '/app/api/officer/downloads' },
  { method: 'POST', path: '/app/api/officer/results' },
  { method: 'GET', path: '/app/api/officer/missing' },
  { method: 'GET', path: '/app/api/officer/missing/list' },
  { method: 'GET', path: '/app/api/officer/missing.xlsx' },
  { method: 'POST', path: '/app/api/officer/records/:ref/deceased' },
  { method: 'POST', path: '/app/api/officer/records/:ref/moved-out' },
  { method: 'GET', path: '/app/api/officer/officers' },
  { method: 'POST', path: '/app/api/officer/invites' },
  { method: 'GET', path: '/app/api/officer/tasks' },
  { method: 'POST', path: '/app/api/officer/tasks/:id/done' },
  { method: 'POST', path: '/app/api/officer/tasks/:id/not-applicable' },
  { method: 'GET', path: '/app/api/officer/calendar' },
  { method: 'PUT', path: '/app/api/officer/calendar' },
  { method: 'GET', path: '/app/api/officer/late-communes' },
  { method: 'GET', path: '/app/api/officer/late-communes.xlsx' },
  { method: 'GET', path: '/api/reports/late-communes' },
  ...['/app/api/officer/broadcasts', '/api/broadcasts'].flatMap((base) => [
    { method: 'GET', path: base },
    { method: 'POST', path: base },
    { method: 'POST', path: `${base}/preview` },
    { method: 'GET', path: `${base}/:id` },
    { method: 'POST', path: `${base}/:id/submit` },
    { method: 'POST', path: `${base}/:id/approve` },
    { method: 'POST', path: `${base}/:id/cancel` },
    { method: 'POST', path: `${base}/:id/pause` },
    { method: 'POST', path: `${base}/:id/resume` },
  ]),
  { method: 'GET', path: '/api/notifications/stats' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/' },
];

/** The machine API's routes, fuzzed with a key that has every operation (and with none, and a forged one). */
const MACHINE_API_ROUTES: Route[] = [
  { method: 'POST', path: '/api/v1/payments' },
  { method: 'POST', path: '/api/v1/beneficiaries' },
  { method: 'POST', path: '/api/v1/verification-results' },
  { method: 'POST', path: '/api/v1/broadcasts' },
  { method: 'POST', path: '/api/v1/broadcasts/preview' },
  { method: 'POST', path: '/api/v1/broadcasts/:id/submit' },
  { method: 'GET', path: '/api/v1/broadcasts/:id' },
];
let machineToken: string | null = null;

type Route = { method: string; path: string };

/** Requests per route; FUZZ_RUNS=200 for a longer hunt. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 15);
let srv: FuzzServer;
let tokens: CallerTokens;

beforeAll(async () => {
  srv = await startFuzzServer();
  tokens = await signedInCallers(srv);
  machineToken = (await aKey(srv)).secret;
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});
afterEach(async () => {
  // The process is still up and its database reachable after every batch of requests.
  expect((await send(srv.url, { method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
});

const headersFor = (caller: Caller, csrf: Csrf) => callerHeaders(tokens, caller, csrf, machineToken);

/** Sends it; fails the property on a 5xx, or on a refused request that wrote anything. */
async function expectHandled(req: RawRequest): Promise<number> {
  const { result, writes } = await srv.writes.during(() => send(srv.url, req));
  const where = `${req.method} ${req.path} → ${result.status} ${result.body.slice(0, 200)}`;
  expect({ where, status: result.status >= 500 || result.status === 0 }).toEqual({ where, status: false });
  // A key's last-use stamp (at most once a minute) is bookkeeping of the caller, not the request's effect.
  const effects = writes.filter((w) => w !== 'update api_keys');
  if (result.status >= 400) expect({ where, writes: effects }).toEqual({ where, writes: [] });
  return result.status;
}

describe('the mini-app and officer APIs, fuzzed', () => {
  const routes = [...MINIAPP_ROUTES, ...MACHINE_API_ROUTES];
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'when %s gets any body, path, query, content type and caller, then it answers below 500 and a refusal writes nothing',
    async (_name, route) => {
      const callers: Caller[] = MACHINE_API_ROUTES.includes(route)
        ? ['nobody', 'bogus', 'machine']
        : ['nobody', 'bogus', 'person', 'officer'];
      // The officer's routes are most of the list; a person's own routes get a person.
      if (!route.path.includes('officer') && !route.path.startsWith('/api/')) callers.push('person');
      await fc.assert(
        fc.asyncProperty(
          // Most requests get past the guards, so that the routes themselves are what is fuzzed.
          fc.oneof({ weight: 3, arbitrary: fc.constant(callers[callers.length - 1]!) }, fc.constantFrom(...callers)),
          fc.oneof({ weight: 3, arbitrary: fc.constant<Csrf>('right') }, fc.constantFrom<Csrf>('none', 'wrong')),
          pathSegment,
          queryString,
          bodies,
          fc.oneof({ weight: 2, arbitrary: fc.constant({ 'content-type': 'application/json' }) }, contentTypes),
          async (caller, csrf, segment, query, body, type) => {
            const path = route.path.replace(/:\w+/g, segment) + query;
            await expectHandled({
              method: route.method,
              path,
              headers: { ...headersFor(caller, csrf), ...type },
              ...(route.method === 'GET' ? {} : { body }),
            });
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    },
  );
});

describe('the Telegram webhook, fuzzed', () => {
  const post = (body: Buffer, headers: Record<string, string>) =>
    expectHandled({ method: 'POST', path: '/telegram/webhook', headers, body });

  it('when a request comes without the secret token or with a wrong one, then it is refused with 401 and nothing is written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(bodies, telegramUpdate),
        contentTypes,
        fc.constantFrom<Record<string, string>>({}, { 'x-telegram-bot-api-secret-token': 'wrong-secret' }),
        async (body, type, secret) => {
          // A body declared too large is refused before the secret is looked at.
          expect([401, 413]).toContain(await post(body, { ...type, ...secret }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('when Telegram (with the secret) posts any update, even malformed, then the bot answers below 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(telegramUpdate, bodies), async (body) => {
        await post(body, {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': FUZZ_TELEGRAM_SECRET,
        });
      }),
      { numRuns: 60 },
    );
    // And the bot still answers a person afterwards.
    const user = aUser();
    const update = srv.telegram.sendText(user, '/help');
    expect((await srv.telegram.deliverToWebhook(update)).status).toBe(200);
    expect((await srv.telegram.waitForMessages(user.id, 1))[0]!.text).toContain('Hướng dẫn');
  });
});

describe('the Zalo webhook, fuzzed', () => {
  const post = (raw: Buffer, headers: Record<string, string>) =>
    expectHandled({
      method: 'POST',
      path: '/zalo/webhook',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    });
  const signed = (raw: Buffer, timestamp: string) => ({
    'x-zevent-signature': `mac=${zaloSignature(FUZZ_ZALO.appId, raw.toString('utf8'), timestamp, FUZZ_ZALO.oaSecretKey)}`,
  });

  it('when a request is unsigned or signed wrongly, then it is refused with 401 and nothing is written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(bodies, zaloEvent),
        fc.constantFrom(undefined, '', 'mac=', `mac=${'0'.repeat(64)}`, 'x'.repeat(300)),
        async (body, signature) => {
          const status = await post(body, signature === undefined ? {} : { 'x-zevent-signature': signature });
          // A body declared too large is refused before the signature is looked at.
          expect([401, 413]).toContain(status);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('when a correctly signed event of any shape comes, then it is stored or refused, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(zaloEvent, async (raw) => {
        const timestamp = /"timestamp":"?(\d+)/.exec(raw.toString('utf8'))?.[1] ?? '';
        await post(raw, signed(raw, timestamp));
      }),
      { numRuns: 60 },
    );
  });
});
