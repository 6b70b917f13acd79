import { spawnSync } from 'node:child_process';
import { CODE_ALPHABET } from '../services/linking/codes.js';
import { linkPolicy } from '../services/linking/context.js';
import { redeemCode } from '../services/linking/link.js';
import { startTestRuntime } from './support/runtime.js';
import { aBeneficiary, register } from './support/register.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => { rt = await startTestRuntime(); });
afterAll(async () => { await rt.stop(); });

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
  encoding: 'utf8',
  env: { ...process.env, NODE_ENV: 'test', DATABASE_NAME: rt.config.DATABASE_NAME, DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY, DATA_DIR: rt.tmp, LOG_LEVEL: 'silent' },
});

describe('npm run cli -- links issue', () => {
  test('when an officer issues a code for a registered ID, then the code alone is printed on the last line and links a chat once', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const run = cli('links', 'issue', lan.nationalId);
    expect(run.status).toBe(0);
    const code = run.stdout.trimEnd().split('\n').at(-1)!;
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    const linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
    expect(await redeemCode(linking, { channel: 'telegram', chatId: '42' }, code)).toMatchObject({ kind: 'linked' });
  }, 30000);

  test('when the ID is not registered, then the command fails with a message and no code', () => {
    const run = cli('links', 'issue', '001199999999');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Không có đối tượng nào với số định danh này');
  }, 30000);
});
