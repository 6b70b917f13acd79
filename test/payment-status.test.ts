import mongoose from 'mongoose';
import type { ChatRef } from '../services/linking/chats.js';
import type { LinkingContext } from '../services/linking/policy.js';
import { issueLinkCode } from '../services/linking/codes.js';
import { redeemCode } from '../services/linking/link.js';
import { renderStatus } from '../services/messages/status.js';
import { paymentStatus } from '../services/status/payment-status.js';
import { startTestRuntime, emptyDatabase } from './support/runtime.js';
import { aBeneficiary, aPayment, register, verifyAccount } from './support/register.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let ctx: LinkingContext;
let warnings: { fields: object; message: string }[];
/** What `/status` is given: the test clock and a logger that keeps its warnings. */
const statusOf = (chat: ChatRef, page?: number) =>
  paymentStatus(
    { now: ctx.now, log: { warn: (fields: object, message: string) => void warnings.push({ fields, message }) } },
    chat,
    page,
  );
let serial = 0;
const aChat = (): ChatRef => ({ channel: 'telegram', chatId: String(6_000_000 + ++serial) });

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  warnings = [];
  ctx = {
    sealer: rt.sealer,
    now: () => new Date('2026-11-25T03:00:00Z'),
    policy: { codeTtlDays: 14, maxFailures: 5, failureWindowMs: 3_600_000, lockMs: 3_600_000, pendingMs: 900_000 },
  };
});

async function linkAll(chat: ChatRef, nationalIds: string[]): Promise<void> {
  for (const n of nationalIds) await redeemCode(ctx, chat, (await issueLinkCode(ctx, n, 'cli')).code);
}

describe('payment status', () => {
  test('when a chat has a linked record, then the latest 3 periods show paid, failed and cash-ready in words', async () => {
    const lan = aBeneficiary({
      account: { providerCode: '970405', number: '100200301234', holderName: 'Nguyễn Thị Lan' },
    });
    await register(
      rt.sealer,
      [lan],
      [
        aPayment(lan.nationalId, { period: '2026-11', status: 'paid', paidAt: '2026-11-10' }),
        aPayment(lan.nationalId, { period: '2026-10', status: 'failed', failureReason: 'Tài khoản đã bị đóng' }),
        aPayment(lan.nationalId, {
          period: '2026-09',
          status: 'cash_ready',
          method: 'cash_post',
          pickupPlace: 'Bưu điện xã Phúc Xá',
          pickupFrom: '2026-09-05',
          pickupTo: '2026-09-20',
        }),
        aPayment(lan.nationalId, { period: '2026-08', status: 'returned', failureReason: 'Sai tên chủ tài khoản' }),
      ],
    );
    await verifyAccount(rt.sealer, lan.nationalId, 'verified');
    const chat = aChat();
    await linkAll(chat, [lan.nationalId]);

    const view = await statusOf(chat);
    expect(view.page).toBe(0);
    expect(view.hasOlder).toBe(true);
    expect(view.records[0]?.periods.map((p) => [p.period, p.payment?.status])).toEqual([
      ['2026-11', 'paid'],
      ['2026-10', 'failed'],
      ['2026-09', 'cash_ready'],
    ]);
    const text = renderStatus(view, 'vi');
    expect(text).toContain(
      'Kỳ chi trả tháng 11/2026: 500.000 ₫ — ✅ Đã chuyển khoản ngày 10/11/2026 vào tài khoản •••• 1234 tại Agribank.',
    );
    expect(text).toContain('Chuyển khoản không thành công: Tài khoản đã bị đóng. Xin liên hệ cán bộ xã');
    expect(text).toContain('Nhận tiền mặt tại Bưu điện xã Phúc Xá, từ ngày 05/09/2026 đến ngày 20/09/2026');
    expect(text).toContain('Tài khoản nhận tiền •••• 1234 tại Agribank: ✅ Đã xác thực.');
    expect(text).not.toContain('100200301234');

    const older = await statusOf(chat, 1);
    expect(older.records[0]?.periods.map((p) => p.period)).toEqual(['2026-08', '2026-07', '2026-06']);
    expect(renderStatus(older, 'en')).toContain(
      'Payment period 08/2026: 500.000 ₫ — ↩️ Returned: Sai tên chủ tài khoản.',
    );
  });

  test('when two records are linked and one account has a mismatch, then both are shown with their own verification state', async () => {
    const father = aBeneficiary({ fullName: 'Trần Văn Ba' });
    const mother = aBeneficiary({ fullName: 'Lê Thị Tư' });
    await register(
      rt.sealer,
      [father, mother],
      [aPayment(father.nationalId, { status: 'paid', paidAt: '2026-11-10' })],
    );
    await verifyAccount(rt.sealer, mother.nationalId, 'mismatch', ['date_of_birth']);
    const chat = aChat();
    await linkAll(chat, [father.nationalId, mother.nationalId]);

    const text = renderStatus(await statusOf(chat), 'vi');
    expect(text.indexOf('👤 Trần Văn Ba')).toBeLessThan(text.indexOf('👤 Lê Thị Tư'));
    expect(text).toContain('Kỳ chi trả tháng 10/2026: chưa có thông tin chi trả.');
    expect(text).toContain('⏳ Chờ xác thực.');
    expect(text).toContain('⚠️ Sai lệch thông tin (Ngày sinh)');
  });

  test('when a record is deceased or moved out, then it is shown as such with no payment status', async () => {
    const gone = aBeneficiary({ fullName: 'Phạm Văn Năm', status: 'deceased' });
    const moved = aBeneficiary({ fullName: 'Hồ Thị Sáu', status: 'moved_out' });
    await register(rt.sealer, [gone, moved], [aPayment(gone.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const chat = aChat();
    await linkAll(chat, [gone.nationalId, moved.nationalId]);

    const view = await statusOf(chat);
    expect(view.records.map((r) => [r.state, r.periods.length, r.account])).toEqual([
      ['deceased', 0, null],
      ['moved_out', 0, null],
    ]);
    expect(view.hasOlder).toBe(false);
    const text = renderStatus(view, 'vi');
    expect(text).toContain('người hưởng đã từ trần');
    expect(text).toContain('chuyển đi nơi khác');
    expect(text).not.toContain('500.000 ₫');
  });

  test('when a re-import renames a record and marks it deceased, then /status follows (name and status come from the payment route)', async () => {
    const ba = aBeneficiary({ fullName: 'Trần Văn Ba' });
    await register(rt.sealer, [ba], [aPayment(ba.nationalId, { status: 'paid', paidAt: '2026-11-10' })]);
    const chat = aChat();
    await linkAll(chat, [ba.nationalId]);
    expect((await statusOf(chat)).records[0]).toMatchObject({ fullName: 'Trần Văn Ba', state: 'active' });
    await register(rt.sealer, [{ ...ba, fullName: 'Trần Văn Bá', status: 'deceased' }]);
    expect((await statusOf(chat)).records[0]).toMatchObject({
      fullName: 'Trần Văn Bá',
      state: 'deceased',
      periods: [],
    });
  });

  test("when the police verify an account, then the record's route carries the result and /status shows it; a record without details shows no account", async () => {
    const lan = aBeneficiary();
    const cash = aBeneficiary({ paymentMethod: 'cash_post', account: null });
    const [lanId, cashId] = await register(rt.sealer, [lan, cash]);
    const routes = mongoose.connection.db!.collection('payment_routes');
    expect(await routes.findOne({ _id: new mongoose.Types.ObjectId(lanId) })).toMatchObject({
      verificationState: 'submitted',
      mismatchFields: [],
    });
    expect(await routes.findOne({ _id: new mongoose.Types.ObjectId(cashId) })).toMatchObject({
      verificationState: 'none',
    });
    await verifyAccount(rt.sealer, lan.nationalId, 'mismatch', ['date_of_birth']);
    expect(await routes.findOne({ _id: new mongoose.Types.ObjectId(lanId) })).toMatchObject({
      verificationState: 'mismatch',
      mismatchFields: ['date_of_birth'],
    });
    const chat = aChat();
    await linkAll(chat, [lan.nationalId, cash.nationalId]);
    const [a, b] = (await statusOf(chat)).records;
    expect(a!.account).toMatchObject({
      state: 'mismatch',
      mismatchFields: ['date_of_birth'],
      masked: `•••• ${lan.account!.number.slice(-4)}`,
    });
    expect(b!.account).toBeNull();
  });

  test('when a linked record has no payment route, then it is left out, the others are shown, and a warning names no one', async () => {
    const lan = aBeneficiary({ fullName: 'Nguyễn Thị Lan' });
    const tu = aBeneficiary({ fullName: 'Lê Thị Tư' });
    const [lanId] = await register(rt.sealer, [lan, tu]);
    const chat = aChat();
    await linkAll(chat, [lan.nationalId, tu.nationalId]);
    await mongoose.connection.db!.collection('payment_routes').deleteOne({ _id: new mongoose.Types.ObjectId(lanId) });

    expect((await statusOf(chat)).records.map((r) => r.fullName)).toEqual(['Lê Thị Tư']);
    expect(warnings).toEqual([
      { fields: { linkedRecords: 2, withoutRoute: 1 }, message: expect.stringContaining('without a payment route') },
    ]);
    expect(JSON.stringify(warnings)).not.toMatch(new RegExp(`${lanId}|${lan.nationalId}|Lan`));

    await register(rt.sealer, [lan]);
    expect((await statusOf(chat)).records.map((r) => r.fullName)).toEqual(['Nguyễn Thị Lan', 'Lê Thị Tư']);
  });

  test('when nothing is linked, then the view is empty and says how to link', async () => {
    const view = await statusOf(aChat());
    expect(view.records).toEqual([]);
    expect(renderStatus(view, 'en')).toContain('Link my record');
  });
});
