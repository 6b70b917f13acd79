import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { aKey, machineCall } from './support/machine-api.js';

let srv: MiniappServer;

beforeAll(async () => {
  srv = await startMiniappServer({ API_RATE_PER_MINUTE: '2' });
}, 60_000);
afterAll(async () => {
  await srv.stop();
});

describe('the machine API’s rate limit', () => {
  test('when a key goes over its requests per minute, then it gets 429 in JSON while another key still gets through', async () => {
    const busy = await aKey(srv);
    const calm = await aKey(srv);
    const call = (secret: string) => machineCall(srv, '/payments', { key: secret, json: { rows: [{}] } });
    expect((await call(busy.secret)).status).toBe(400);
    expect((await call(busy.secret)).status).toBe(400);
    const limited = await call(busy.secret);
    expect([limited.status, limited.json.error]).toEqual([429, 'rate_limited']);
    expect((await call(calm.secret)).status).toBe(400);
  });
});
