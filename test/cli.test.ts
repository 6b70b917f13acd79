import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = {
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_NAME: `test_${crypto.randomBytes(4).toString('hex')}`,
  DATA_ENCRYPTION_KEY: 'ef'.repeat(32),
  LOG_LEVEL: 'warn',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    env,
    encoding: 'utf8',
    timeout: 60000,
  });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("the officers' command line", () => {
  test('when a commune file with one bad row is imported, then it reports per line, writes the rejects file and exits 0', () => {
    const file = path.join(tmp, 'xa.csv');
    fs.writeFileSync(file, 'Mã xã;Tên xã;Mã tỉnh\n00004;Phường Ba Đình;01\n00005;Xã Lạ;99\n');

    const r = cli('import', 'communes', file);

    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Thêm mới / created: 1');
    expect(r.stdout).toContain('Dòng 3, cột "Mã tỉnh" (province_code)');
    expect(fs.existsSync(path.join(tmp, 'xa.rejects.csv'))).toBe(true);
  }, 60000);

  test('when the file cannot be read, then it says why in Vietnamese and exits non-zero', () => {
    const missing = cli('import', 'payments', path.join(tmp, 'khong-co.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Không tìm thấy tệp khong-co.csv');

    const pdf = path.join(tmp, 'ds.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4');
    const wrongType = cli('import', 'beneficiaries', pdf);
    expect(wrongType.status).toBe(1);
    expect(wrongType.stderr).toMatch(/Lỗi \/ error: .*(CSV|XLSX)/);
  }, 60000);

  test('when the command is unknown, then the usage is printed and the exit code is 2', () => {
    const r = cli('export', 'everything');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('import beneficiaries');
  }, 60000);
});
