import { spawnSync } from 'node:child_process';
import { zaloTokens } from '../models/zalo-token.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const cli = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_NAME: rt.config.DATABASE_NAME,
      DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY,
      DATA_DIR: rt.tmp,
      LOG_LEVEL: 'warn',
    },
    input,
    encoding: 'utf8',
    timeout: 60000,
  });

describe('zalo tokens (command line)', () => {
  test("when Zalo's token answer is piped into `zalo tokens set`, then the pair is stored sealed and `status` shows its expiry, never a token", () => {
    const answer = {
      access_token: 'acc-Operator-Pasted-1',
      refresh_token: 'ref-Operator-Pasted-1',
      expires_in: '90000',
    };
    const set = cli(JSON.stringify(answer), 'zalo', 'tokens', 'set');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('Đã lưu cặp mã Zalo OA');
    const status = cli('', 'zalo', 'tokens', 'status');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/Mã truy cập hết hạn lúc \/ access token expires \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    for (const r of [set, status]) expect(r.stdout + r.stderr).not.toContain('Operator-Pasted');
  }, 60000);

  test('when the input is not a token pair, then it says what is missing in Vietnamese, exits 1 and stores nothing new', async () => {
    const before = await zaloTokens.get('oa');
    const bad = cli('{"access_token":"acc-only-one-token"}', 'zalo', 'tokens', 'set');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Thiếu access_token hoặc refresh_token');
    expect(bad.stderr).not.toContain('acc-only-one-token');
    expect((await zaloTokens.get('oa'))?.version).toBe(before?.version);
  }, 60000);
});
