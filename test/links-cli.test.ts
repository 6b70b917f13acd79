import { spawnSync } from 'node:child_process';
import { CODE_ALPHABET } from '../services/linking/codes.js';
import { linkPolicy } from '../services/linking/policy.js';
import { redeemCode } from '../services/linking/link.js';
import { startTestRuntime } from './support/runtime.js';
import { miniappPolicy } from '../services/miniapp/policy.js';
import { checkWebLink, consumeWebLink } from '../services/miniapp/web-links.js';
import { aBeneficiary, register } from './support/register.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_NAME: rt.config.DATABASE_NAME,
      DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY,
      DATA_DIR: rt.tmp,
      LOG_LEVEL: 'silent',
    },
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

describe('npm run cli -- links web', () => {
  test('when an officer issues a web link, then the URL alone is printed on the last line and opens the record once', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const run = cli('links', 'web', lan.nationalId);
    expect(run.status).toBe(0);
    const url = run.stdout.trimEnd().split('\n').at(-1)!;
    expect(url).toMatch(/^http:\/\/localhost:3000\/app\/w\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    const token = url.split('/').at(-1)!;
    const ctx = {
      sealer: rt.sealer,
      policy: miniappPolicy(rt.config),
      telegramBotToken: null,
      zaloIdentity: null,
      publicUrl: rt.config.PUBLIC_URL,
      now: () => new Date(),
    };
    expect(await checkWebLink(token, ctx)).toBe('ready');
    expect(await consumeWebLink(token, ctx)).toMatchObject({ sessionToken: expect.any(String) });
    expect(await consumeWebLink(token, ctx)).toBe('used');
  }, 30000);

  test('when the ID is malformed, then the command fails saying why', () => {
    const run = cli('links', 'web', '12345');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('12 chữ số');
  }, 30000);
});
