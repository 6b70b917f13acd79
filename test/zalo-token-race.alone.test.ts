import { spawn } from 'node:child_process';
import { zaloTokens } from '../models/zalo-token.js';
import { createLogger } from '../services/log.js';
import { zaloTokenStore } from '../services/zalo/tokens.js';
import { startFakeZaloOa, type FakeZaloOa } from './fakes/zalo-oa.js';
import { startTestRuntime } from './support/runtime.js';

/** Two separate processes, on one database and one fake Zalo, find the access token due at the same moment. */
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let zalo: FakeZaloOa;

beforeAll(async () => {
  rt = await startTestRuntime();
  zalo = await startFakeZaloOa();
});
afterAll(async () => {
  await zalo.stop();
  await rt.stop();
});

function runChild(raceAt: number): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/zalo-refresh-child.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MONGODB_URI: process.env.MONGODB_URI!,
      MONGODB_KIND: process.env.MONGODB_KIND ?? 'mongodb',
      DATABASE_NAME: rt.config.DATABASE_NAME,
      DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY!,
      DATA_DIR: rt.tmp,
      ZALO_APP_ID: zalo.appId,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_ID: '1234567890123456789',
      ZALO_OA_API_ROOT: zalo.oaRoot,
      ZALO_OAUTH_ROOT: zalo.oauthRoot,
      ZALO_ZNS_API_ROOT: zalo.znsRoot,
      RACE_AT: String(raceAt),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

test('when two processes find the token due at once, then exactly one refreshes, both end with the same new token, and the stored pair is the one Zalo accepts', async () => {
  const store = zaloTokenStore({ sealer: rt.sealer, log: createLogger('silent'), refreshMarginMs: 60 * 60_000 });
  // Valid for ten more minutes: inside the hour's margin, so both processes see it as due.
  const seeded = zalo.issueTokens({ accessTtlS: 600 });
  await store.seed(seeded);
  // Zalo takes a while to answer, so the second process asks while the first is still waiting.
  zalo.setRefreshDelay(1500);

  // Both processes start well before the moment they race at (loading tsx and connecting takes seconds).
  const raceAt = Date.now() + 8000;
  const [a, b] = await Promise.all([runChild(raceAt), runChild(raceAt)]);
  const results = [a, b].map((r) => {
    const line = r.out.split('\n').find((l) => l.startsWith('{"outcome"'));
    if (r.code !== 0 || !line) throw new Error(`a racer failed (exit ${r.code}):\n${r.out.slice(-3000)}`);
    return JSON.parse(line) as { outcome: string; token: string };
  });

  const state = zalo.tokenState();
  expect(state).toMatchObject({ refreshes: 1, refusedRefreshes: 0 });
  expect(zalo.calls.filter((c) => c.api === 'oauth')).toHaveLength(1);
  expect(results.map((r) => r.outcome).sort()).toEqual(['refreshed', 'refreshed']);
  expect(results[0]!.token).toBe(results[1]!.token);
  expect(results[0]!.token).not.toBe(seeded.accessToken);
  expect(state.validAccess).toContain(results[0]!.token);
  const doc = (await zaloTokens.get('oa'))!;
  expect(doc.pending).toBeNull();
  expect(doc.lease).toBeNull();
  expect(state.validRefresh).toEqual([rt.sealer.open(doc.current!.refresh)]);
}, 60000);
