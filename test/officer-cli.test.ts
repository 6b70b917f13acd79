import { spawnSync } from 'node:child_process';
import { officers } from '../models/officer.js';
import { CODE_ALPHABET } from '../services/linking/codes.js';
import { redeemCode } from '../services/linking/link.js';
import { linkPolicy } from '../services/linking/policy.js';
import { officerIdFor } from '../services/officers/identity.js';
import { saveCommunes } from '../services/register/communes.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
      { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
    ],
    { sealer: rt.sealer, entryPoint: 'import', actor: 'test' },
  );
});
afterAll(async () => {
  await rt.stop();
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'officers', ...args], {
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
const lastLine = (s: string) => s.trimEnd().split('\n').at(-1)!;
const idOf = (phone: string) => officerIdFor(rt.sealer, `+84${phone.slice(1)}`);

const ADMIN = '0912000100';
const OFFICER = '0912000101';
const SAIGON = '0912000179';

describe('npm run cli -- officers', () => {
  test('when the operator invites a province administrator, then the code alone is on the last line and links a chat to the officer', async () => {
    const run = cli(
      'invite',
      '--role',
      'province_admin',
      '--province',
      '01',
      '--name',
      'Vũ Minh Quang',
      '--phone',
      ADMIN,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Đã tạo cán bộ.');
    expect(run.stdout).toMatch(/Mã mời dùng một lần, hết hạn lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \//);
    const code = lastLine(run.stdout);
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    const linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
    expect(await redeemCode(linking, { channel: 'telegram', chatId: '7100' }, code)).toMatchObject({ kind: 'officer' });
  }, 30000);

  test('when a commune officer is invited with --commune given twice and as a list, then the province follows from the communes; without a name it is refused', async () => {
    const run = cli('invite', '--role', 'commune_officer', '--commune', '00004', '--commune', '00008,00004');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Họ tên cán bộ');
    const ok = cli(
      'invite',
      '--role',
      'commune_officer',
      '--commune',
      '00004',
      '--commune',
      '00008,00004',
      '--name',
      'Trần Thu Hằng',
      '--phone',
      OFFICER,
    );
    expect(ok.status).toBe(0);
    expect(await officers.byId(idOf(OFFICER))).toMatchObject({ provinceCode: '01', communeCodes: ['00004', '00008'] });
    const saigon = cli(
      'invite',
      '--role',
      'commune_officer',
      '--commune',
      '26734',
      '--name',
      'Ngô Văn Nam',
      '--phone',
      SAIGON,
    );
    expect(saigon.status).toBe(0);
  }, 60000);

  test('when officers act with --officer, then a commune officer is refused everything and a province administrator stays in their province', () => {
    const asOfficer = cli('list', '--officer', OFFICER);
    expect(asOfficer.status).toBe(1);
    expect(asOfficer.stderr).toContain('chỉ dành cho quản trị viên cấp tỉnh');
    const crossing = cli('remove', '--phone', SAIGON, '--officer', ADMIN);
    expect(crossing.status).toBe(1);
    expect(crossing.stderr).toContain('không thuộc tỉnh anh/chị phụ trách');
    const list = cli('list', '--officer', ADMIN);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('Trần Thu Hằng');
    expect(list.stdout).toContain('•••• 0101');
    expect(list.stdout).not.toContain('Ngô Văn Nam');
    expect(list.stdout).not.toContain(OFFICER);
  }, 60000);

  test('when the operator asks for an officer web link, then the URL alone is on the last line; another officer cannot get it', () => {
    const run = cli('web-link', '--phone', OFFICER);
    expect(run.status).toBe(0);
    expect(lastLine(run.stdout)).toMatch(/^http:\/\/localhost:3000\/app\/w\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(run.stdout).toMatch(
      /Đường liên kết dùng một lần, hết hạn lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \/ single-use link, expires \d\d:\d\d \d\d\/\d\d\/\d{4}:/,
    );
    const other = cli('web-link', '--phone', OFFICER, '--officer', ADMIN);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('Chỉ người vận hành');
  }, 60000);

  test('when the operator removes an officer, then the officer is gone from the list and acting as them is refused', async () => {
    const run = cli('remove', '--phone', SAIGON);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Đã gỡ cán bộ Ngô Văn Nam.');
    expect((await officers.byId(idOf(SAIGON)))!.removedAt).toBeInstanceOf(Date);
    const list = cli('list');
    expect(list.stdout).not.toContain('Ngô Văn Nam');
    expect(cli('list', '--officer', SAIGON).status).toBe(1);
  }, 60000);
});
