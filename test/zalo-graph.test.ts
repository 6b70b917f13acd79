import { createHmac } from 'node:crypto';
import { ZaloGraphError, zaloGraphApi } from '../services/zalo/graph-api.js';
import { INVALID_TOKEN_BODY, startFakeZaloGraph, type FakeZaloGraph } from './fakes/zalo-graph.js';

const LAN = { id: '5550000000000000001', name: 'Nguyễn Thị Lan' };
const GOOD = 'good-token-abc_123.XYZ';

let zalo: FakeZaloGraph;
beforeEach(async () => {
  zalo = await startFakeZaloGraph();
  zalo.addUser(GOOD, LAN);
});
afterEach(async () => {
  await zalo.stop();
});

/** The rejection of `promise`, which must be a ZaloGraphError. */
async function failure(promise: Promise<unknown>): Promise<ZaloGraphError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ZaloGraphError)) throw new Error(`expected a ZaloGraphError, got ${String(err)}`);
  return err;
}

describe('zaloGraphApi().me', () => {
  it('when the token is known to Zalo, then it resolves to the id and name Zalo gives', async () => {
    await expect(zaloGraphApi({ root: zalo.root }).me(GOOD)).resolves.toEqual(LAN);
  });

  it('when it asks, then the token goes in the access_token header and never in the URL', async () => {
    await zaloGraphApi({ root: `${zalo.root}/` }).me(GOOD);
    expect(zalo.calls).toEqual([{ path: '/v2.0/me?fields=id,name', token: GOOD }]);
    expect(zalo.calls[0]!.path).not.toContain(GOOD);
  });

  it("when Zalo does not know the token, then it fails as invalid_token with Zalo's code and without the token in the message", async () => {
    const err = await failure(zaloGraphApi({ root: zalo.root }).me('stolen-or-expired-token'));
    expect(err).toMatchObject({ kind: 'invalid_token', zaloCode: 452 });
    expect(err.message).not.toContain('stolen-or-expired-token');
    expect(err.message).not.toContain(INVALID_TOKEN_BODY.message);
  });

  it('when the token is empty or could not be a header, then it fails as invalid_token without asking Zalo', async () => {
    for (const bad of ['', 'two words', 'line\nbreak', 'x'.repeat(5000)]) {
      expect(await failure(zaloGraphApi({ root: zalo.root }).me(bad))).toMatchObject({ kind: 'invalid_token' });
    }
    expect(zalo.calls).toEqual([]);
  });

  it('when Zalo answers HTTP 500, then it fails as unavailable, and the next call works again', async () => {
    const api = zaloGraphApi({ root: zalo.root });
    zalo.failNext('http500');
    const err = await failure(api.me(GOOD));
    expect(err).toMatchObject({ kind: 'unavailable', message: 'Zalo Graph API answered HTTP 500' });
    expect(err.message).not.toContain(GOOD);
    await expect(api.me(GOOD)).resolves.toEqual(LAN);
  });

  it('when Zalo does not answer within the timeout, then it fails as unavailable after about that time', async () => {
    zalo.failNext('hang');
    const started = performance.now();
    const err = await failure(zaloGraphApi({ root: zalo.root, timeoutMs: 200 }).me(GOOD));
    expect(err).toMatchObject({
      kind: 'unavailable',
      message: 'Zalo Graph API could not be reached: no answer within 200 ms',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('when nothing listens at the root, then it fails as unavailable', async () => {
    const root = zalo.root;
    await zalo.stop();
    expect(await failure(zaloGraphApi({ root }).me(GOOD))).toMatchObject({ kind: 'unavailable' });
  });

  it('when the person has not shared their name, then the user comes back with an empty name', async () => {
    const idOnly: typeof fetch = async () => Response.json({ id: LAN.id });
    await expect(zaloGraphApi({ root: zalo.root, fetch: idOnly }).me(GOOD)).resolves.toEqual({ id: LAN.id, name: '' });
  });

  it("when Zalo refuses our region (error -501), then it is unavailable, not the person's token", async () => {
    const regionBlocked: typeof fetch = async () => Response.json({ error: -501, message: 'region restricted' });
    expect(await failure(zaloGraphApi({ root: zalo.root, fetch: regionBlocked }).me(GOOD))).toMatchObject({
      kind: 'unavailable',
      zaloCode: -501,
    });
  });

  it('when the answer is not JSON or has no string id, then it is unavailable', async () => {
    const answers = [
      new Response('<html>oops</html>'),
      new Response(`{"id":${LAN.id}}`),
      Response.json([LAN]),
      Response.json({ error: 0 }),
    ];
    for (const answer of answers) {
      const api = zaloGraphApi({ root: zalo.root, fetch: async () => answer });
      expect(await failure(api.me(GOOD))).toMatchObject({ kind: 'unavailable' });
    }
  });

  it('when an app secret is configured, then appsecret_proof is the HMAC-SHA256 of the token keyed by the secret', async () => {
    let seen: Headers | undefined;
    const spy: typeof fetch = async (input, init) => {
      seen = new Headers(init?.headers);
      return fetch(input, init);
    };
    await zaloGraphApi({ root: zalo.root, fetch: spy, appSecret: 'app-secret' }).me(GOOD);
    expect(seen?.get('appsecret_proof')).toBe(createHmac('sha256', 'app-secret').update(GOOD).digest('hex'));
    await zaloGraphApi({ root: zalo.root, fetch: spy }).me(GOOD);
    expect(seen?.has('appsecret_proof')).toBe(false);
  });
});

describe('the fake Zalo Graph API', () => {
  it('when the token comes only in the query string, then it answers like Zalo to a missing token', async () => {
    const res = await fetch(`${zalo.root}/v2.0/me?fields=id,name&access_token=${GOOD}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(INVALID_TOKEN_BODY);
  });

  it('when only the id is asked for, then only the id comes back', async () => {
    const res = await fetch(`${zalo.root}/v2.0/me?fields=id`, { headers: { access_token: GOOD } });
    expect(await res.json()).toEqual({ id: LAN.id });
  });
});
