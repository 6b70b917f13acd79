import { spawnSync } from 'node:child_process';
import { provinceSettings } from '../models/province-settings.js';
import { provincesSendingZns, znsRoutingFrom } from '../services/notifications/zns/routing.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'provinces', 'zns', ...args], {
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

describe('npm run cli -- provinces zns', () => {
  test('when the operator switches a province off and on, then only that province changes, the others keep the default', async () => {
    const routing = znsRoutingFrom({
      ZALO_OA_ID: '77',
      ZNS_TEMPLATES: { payment_paid: { templateId: '1', params: { ten: 'beneficiaryName' } } },
      ZNS_FALLBACK_TYPES: 'all',
      ZNS_PROVINCE_DEFAULT: 'on',
    });
    const off = cli('--province', '01', '--off');
    expect(off.stderr).toBe('');
    expect(off.status).toBe(0);
    expect(off.stdout).toContain('Đã tắt gửi ZNS cho tỉnh 01');
    expect([...(await provincesSendingZns(['01', '79'], routing))]).toEqual(['79']);

    const on = cli('--province', '01', '--on');
    expect(on.status).toBe(0);
    expect((await provinceSettings.byCodes(['01'])).get('01')?.znsFallback).toBe(true);
    expect([...(await provincesSendingZns(['01', '79'], { ...routing, provinceDefault: false }))]).toEqual(['01']);
  });

  test('when neither or both of --on and --off are given, or the province is unknown, then it says so and changes nothing', async () => {
    const before = await provinceSettings.byCodes(['01', '99']);
    for (const args of [['--province', '01'], ['--province', '01', '--on', '--off'], ['--on']]) {
      const run = cli(...args);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Cần --province MÃ và một trong --on, --off');
    }
    const unknown = cli('--province', '99', '--on');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Mã tỉnh 99 không có trong danh sách 34 tỉnh');
    expect(await provinceSettings.byCodes(['01', '99'])).toEqual(before);
  });
});
