import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FUNERAL_TEXT, funeralTextsFor } from '../services/officers/funeral-text.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'provinces', 'funeral-text', ...args], {
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
const fileWith = (name: string, text: string) => {
  const file = path.join(rt.tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('npm run cli -- provinces funeral-text', () => {
  test('when the operator sets a province text from a file, then families of that province get it and others keep the default', async () => {
    const text = 'Gia đình liên hệ UBND xã trong 30 ngày,\nmang giấy chứng tử để nhận trợ cấp mai táng.';
    const run = cli('--province', '01', '--file', fileWith('hn.txt', text));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const texts = await funeralTextsFor(['01', '79']);
    expect(texts.get('01')).toEqual({
      vi: 'Gia đình liên hệ UBND xã trong 30 ngày, mang giấy chứng tử để nhận trợ cấp mai táng.',
      en: DEFAULT_FUNERAL_TEXT.en,
    });
    expect(texts.get('79')).toEqual(DEFAULT_FUNERAL_TEXT);
  });

  test('when the province does not exist or the text is too long, then it says so in Vietnamese and nothing changes', async () => {
    const before = await funeralTextsFor(['01']);
    const unknown = cli('--province', '99', '--file', fileWith('x.txt', 'Liên hệ UBND xã.'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Mã tỉnh 99 không có trong danh sách 34 tỉnh');
    const long = cli('--province', '01', '--file', fileWith('long.txt', 'á'.repeat(801)));
    expect(long.status).toBe(1);
    expect(long.stderr).toContain('Nội dung hướng dẫn trợ cấp mai táng');
    const noFile = cli('--province', '01');
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toContain('Cần --province MÃ và --file TỆP');
    expect(await funeralTextsFor(['01'])).toEqual(before);
  });
});
