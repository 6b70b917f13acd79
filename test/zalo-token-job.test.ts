import { createLogger } from '../services/log.js';
import { zaloTokenStore } from '../services/zalo/tokens.js';
import { startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';
import { waitUntil } from './support/notify.js';
import { startTestRuntime } from './support/runtime.js';

let zalo: FakeZaloOa;
let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  zalo = await startFakeZaloOa();
  rt = await startTestRuntime(
    {
      ZALO_APP_ID: zalo.appId,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_ID: '1234567890123456789',
      ZALO_OA_API_ROOT: zalo.oaRoot,
      ZALO_OAUTH_ROOT: zalo.oauthRoot,
      ZALO_ZNS_API_ROOT: zalo.znsRoot,
    },
    { jobs: true },
  );
});
afterAll(async () => {
  await rt.stop();
  await zalo.stop();
});

test('when the Zalo OA is configured and its token comes due with nothing being sent, then the scheduled job refreshes it', async () => {
  const store = zaloTokenStore({ sealer: rt.sealer, log: createLogger('silent'), refreshMarginMs: 60 * 60_000 });
  const seeded = zalo.issueTokens({ accessTtlS: 600 });
  await store.seed(seeded);
  expect(rt.config.ZALO_TOKEN_REFRESH_MARGIN_MINUTES).toBe(60);
  // The schedule's first run may have come before the seed; ask for one more, as the next tick would.
  await rt.scheduler!.now('zalo-token-refresh');
  await waitUntil(
    () => zalo.tokenState().refreshes,
    (n) => n === 1,
    15000,
    'the scheduled refresh',
  );
  await waitUntil(
    async () => (await store.status()).version,
    (v) => v === 2,
    5000,
    'the refreshed pair stored',
  );
  expect(
    await store.accessToken(async () => ({ ok: false, failure: { kind: 'transient', detail: 'unused' } })),
  ).not.toBe(seeded.accessToken);
}, 30000);
