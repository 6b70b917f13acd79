import { spawnSync } from 'node:child_process';
import mongoose from 'mongoose';
import { seedLinkedBeneficiary } from './support/miniapp.js';
import { seedBaDinhOfficer } from './support/ba-dinh-officer.js';
import { startTestRuntime } from './support/runtime.js';

/** `npm run cli -- reminders run` as an operator runs it, on the test's database (seeded here). */
let rt: Awaited<ReturnType<typeof startTestRuntime>>;

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'reminders', 'run', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MONGODB_URI: process.env.MONGODB_URI!,
      MONGODB_KIND: process.env.MONGODB_KIND ?? 'mongodb',
      DATABASE_NAME: rt.config.DATABASE_NAME,
      DATA_ENCRYPTION_KEY: rt.config.DATA_ENCRYPTION_KEY!,
      DATA_DIR: rt.tmp,
      // The beneficiaries' reminder on the officers' reminder day, so one run shows both counts.
      ACCOUNT_REMINDER_DAY: '16',
      ACCOUNT_REMINDER_TIME: '08:00',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60000,
  });
const notices = () => mongoose.connection.db!.collection('notifications').countDocuments({});

beforeAll(async () => {
  rt = await startTestRuntime();
  await seedBaDinhOfficer(rt.sealer, 'cli-test');
  // Imported account details never confirmed: reminded before each period.
  await seedLinkedBeneficiary(rt, { telegramUserId: 7101 });
}, 60000);
afterAll(async () => rt.stop());

// December 2026: monthly changes are due Monday 21/12 (the 20th is a Sunday), the payment list Friday 25/12.
describe('reminders run --at', () => {
  test('when run at an instant, then it prints both counts; run again for the same instant, it creates nothing new', () => {
    const first = cli(['--at', '2026-12-16T08:00+07:00']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Nhắc việc cán bộ: đã tạo 1 thông báo (1 xã, 0 bản tổng hợp tỉnh) / officer reminders: created 1 notices (1 communes, 0 province digests)',
    );
    expect(first.stdout).toContain(
      "Nhắc tài khoản người hưởng: đã tạo 1 thông báo / beneficiaries' account reminder: created 1 notices",
    );

    const again = cli(['--at', '2026-12-16T08:00+07:00']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nhắc việc cán bộ: đã tạo 0 thông báo (0 xã, 0 bản tổng hợp tỉnh)');
    expect(again.stdout).toContain('Nhắc tài khoản người hưởng: đã tạo 0 thông báo');
  }, 120000);

  test('when --at is not an instant with its offset, then it says so in Vietnamese with the expected form, exits 1 and creates nothing', async () => {
    const before = await notices();
    for (const bad of ['2026-12-16 08:00', '2026-12-16T08:00', '16/12/2026', '2026-02-30T08:00+07:00', '']) {
      const r = cli(['--at', bad]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Lỗi / error: --at: "${bad}" không phải thời điểm hợp lệ.`);
      expect(r.stderr).toContain('Cần ngày giờ kèm múi giờ, dạng 2026-12-15T08:00+07:00.');
      expect(r.stdout).not.toContain('đã tạo');
    }
    expect(await notices()).toBe(before);
  }, 120000);

  test('when one part fails, then the other still creates its notices, the failed part is named and the exit code is 1; once fixed, a re-run finishes it', async () => {
    // A link whose record id is not an id: the beneficiaries' pass cannot read that page.
    const links = mongoose.connection.db!.collection('chat_links');
    const broken = { _id: new mongoose.Types.ObjectId('000000000000000000000001') };
    await links.insertOne({ ...broken, channel: 'telegram', chatId: '7999', beneficiaryId: 'broken' });
    // November, a period of its own: December's reminder (for January) went out above.
    const env = { ACCOUNT_REMINDER_DAY: '20' };

    const failed = cli(['--at', '2026-11-20T08:00+07:00'], env);
    expect(failed.status).toBe(1);
    // Monthly changes on the day (Friday 20/11), the payment list 5 days before.
    expect(failed.stdout).toContain('Nhắc việc cán bộ: đã tạo 2 thông báo (1 xã, 0 bản tổng hợp tỉnh)');
    expect(failed.stdout).toContain('Nhắc tài khoản người hưởng: đã tạo 0 thông báo');
    expect(failed.stderr).toContain(
      'Lỗi / error: chưa chạy xong phần nhắc tài khoản người hưởng; các phần khác đã chạy.',
    );

    await links.deleteOne(broken);
    const fixed = cli(['--at', '2026-11-20T08:00+07:00'], env);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('Nhắc việc cán bộ: đã tạo 0 thông báo');
    expect(fixed.stdout).toContain('Nhắc tài khoản người hưởng: đã tạo 1 thông báo');
  }, 120000);
});
