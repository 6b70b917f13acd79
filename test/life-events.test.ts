import { telegramChannel } from '../bot/telegram/channel.js';
import { auditLog } from '../models/audit.js';
import { beneficiaries } from '../models/beneficiary.js';
import { chats } from '../models/chat.js';
import { notifications } from '../models/notification.js';
import { paymentRoutes } from '../models/payment-routing.js';
import mongoose from 'mongoose';
import { AppError } from '../services/errors.js';
import { importFile } from '../services/imports/run-import.js';
import { chatIdFor } from '../services/linking/chats.js';
import { linkPolicy, type LinkingContext } from '../services/linking/policy.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { enqueue, noticeId } from '../services/notifications/outbox.js';
import { setFuneralText } from '../services/officers/funeral-text.js';
import { markDeceased, markMovedOut } from '../services/officers/life-events.js';
import { OPERATOR, type Acting, type Scope } from '../services/officers/scope.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { FakeTelegram, type FakeUser } from './fakes/telegram-bot-api.js';
import { aBeneficiaryRow, BENEFICIARY_COLUMNS, writeCsv } from './support/files.js';
import { aPaidNotice, linkNewChat, testPolicy, waitUntil } from './support/notify.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let linking: LinkingContext;
const NOW = new Date('2026-11-20T03:00:00Z');
const ctx = () => ({ sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'test' });
const BA_DINH: Scope = {
  role: 'commune_officer',
  officerId: 'c'.repeat(24),
  name: 'Cán bộ Ba Đình',
  provinceCode: '01',
  communeCodes: ['00004'],
};
const NGOC_HA: Scope = { ...BA_DINH, officerId: 'd'.repeat(24), communeCodes: ['00008'] };
const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'miniapp', via: 'telegram', now: () => NOW });
const byTemplate = async (template: string) =>
  (await mongoose.connection.db!.collection('notifications').find({ template }).toArray()) as unknown as {
    _id: unknown;
    address: string;
    status: string;
    lang: string;
    vars: Record<string, unknown>;
  }[];

/** A person with two linked chats (themself and a relative who reads English) and one payment notice still waiting. */
async function followedRecord(nationalId: string): Promise<{ id: string; users: FakeUser[]; pendingId: string }> {
  const id = beneficiaryIdFor(rt.sealer, nationalId);
  const users = [await linkNewChat(linking, nationalId), await linkNewChat(linking, nationalId)];
  await chats.setLang(chatIdFor({ channel: 'telegram', chatId: String(users[1]!.id) }), 'en');
  const pending = { ...aPaidNotice(users[0]!.id, `payment:${id}:pending`), beneficiaryId: id };
  await enqueue([pending], NOW);
  return { id, users, pendingId: noticeId(pending) };
}

beforeAll(async () => {
  rt = await startTestRuntime();
  linking = { sealer: rt.sealer, policy: linkPolicy(rt.config), now: () => new Date() };
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await emptyDatabase();
  const communes = writeCsv(
    rt.tmp,
    'xa.csv',
    ['code', 'name', 'province_code'],
    [
      { code: '00004', name: 'Phường Ba Đình', province_code: '01' },
      { code: '00008', name: 'Phường Ngọc Hà', province_code: '01' },
    ],
  );
  await importFile('communes', communes, ctx(), { writeRejects: false });
});

describe('an officer records a death', () => {
  test('when the commune officer marks a record deceased, then pending notices are cancelled and each linked chat gets one respectful message with the funeral-allowance procedure, once', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const { id, users, pendingId } = await followedRecord(lan.nationalId);

    const first = await markDeceased(acting(BA_DINH), id, { dateOfDeath: '03/11/2026' });

    expect(first).toEqual({ changed: true, cancelled: 1, sent: 2 });
    expect((await notifications.byIds([pendingId]))[0]!.status).toBe('cancelled');
    const messages = await byTemplate('life_deceased');
    expect(messages.map((m) => [m.address, m.lang, m.status]).sort()).toEqual(
      users.map((u, i) => [String(u.id), i ? 'en' : 'vi', 'created']).sort(),
    );
    const english = messages.find((m) => m.lang === 'en')!;
    expect(english.vars).toMatchObject({
      dateOfDeath: '2026-11-03',
      procedure: expect.stringContaining('funeral allowance'),
    });
    const stored = await beneficiaries.byId(id);
    expect(stored).toMatchObject({ status: 'deceased', dateOfDeath: '2026-11-03' });
    expect((await paymentRoutes.byBeneficiaryIds([id])).get(id)?.status).toBe('deceased');
    expect((await auditLog.recent(5)).find((e) => e.action === 'mark_deceased')).toMatchObject({
      actor: `officer:${'c'.repeat(24)}`,
      entryPoint: 'miniapp',
      entityIds: [id],
    });

    const again = await markDeceased(acting(BA_DINH), id, { dateOfDeath: '2026-11-03' });
    expect(again).toEqual({ changed: false, cancelled: 0, sent: 0 });
    expect((await byTemplate('life_deceased')).map((m) => m.status)).toEqual(['created', 'created']);
  });

  test('when the dispatcher runs, then the family receives the message in Telegram', async () => {
    const fake = await FakeTelegram.start();
    const dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      createLogger('silent'),
    );
    try {
      const lan = aBeneficiary();
      await register(rt.sealer, [lan]);
      const { id, users } = await followedRecord(lan.nationalId);
      await markDeceased(acting(BA_DINH), id, { dateOfDeath: '2026-11-03' });
      dispatcher.start();
      await waitUntil(
        () => fake.sent.length,
        (n) => n >= 2,
        10000,
        'two messages',
      );
      const family = fake.sent.find((m) => m.chat_id === users[0]!.id)!;
      expect(family.text).toContain('Xin thành kính chia buồn');
      expect(family.text).toContain('trợ cấp mai táng');
      expect(fake.sent.filter((m) => /Đã chuyển khoản|Paid/.test(String(m.text)))).toHaveLength(0);
    } finally {
      await dispatcher.stop();
      await fake.stop();
    }
  });

  test('when the date of death is in the future, before birth or missing, then it is refused in Vietnamese and nothing changes', async () => {
    const lan = aBeneficiary({ dateOfBirth: '1948-03-12' });
    await register(rt.sealer, [lan]);
    const id = beneficiaryIdFor(rt.sealer, lan.nationalId);
    const refused = async (input: { dateOfDeath?: unknown }) => {
      const err = (await markDeceased(acting(BA_DINH), id, input).catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.status).toBe(400);
      return err.message;
    };
    expect(await refused({ dateOfDeath: '2026-12-01' })).toBe(
      'Ngày mất 01/12/2026 ở sau ngày hôm nay (20/11/2026); xin kiểm tra lại.',
    );
    expect(await refused({ dateOfDeath: '1940-01-01' })).toContain('trước ngày sinh');
    expect(await refused({})).toBe('Xin nhập ngày mất.');
    expect((await beneficiaries.byId(id))?.status).toBe('active');
  });

  test('when an officer of another commune marks the record, then it is refused and nothing changes', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const id = beneficiaryIdFor(rt.sealer, lan.nationalId);
    const err = (await markDeceased(acting(NGOC_HA), id, { dateOfDeath: '2026-11-03' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.status).toBe(403);
    expect((await beneficiaries.byId(id))?.status).toBe('active');
  });

  test('when the province set its own funeral-allowance text, then the message carries it', async () => {
    await setFuneralText(
      { scope: OPERATOR, entryPoint: 'cli', now: () => NOW },
      '01',
      'vi',
      'Nộp hồ sơ tại bộ phận một cửa phường.',
    );
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const { id } = await followedRecord(lan.nationalId);
    await markDeceased(acting(BA_DINH), id, { dateOfDeath: '2026-11-03' });
    const vi = (await byTemplate('life_deceased')).find((m) => m.lang === 'vi')!;
    expect(vi.vars.procedure).toBe('Nộp hồ sơ tại bộ phận một cửa phường.');
  });
});

describe('an import records a death', () => {
  test('when a beneficiary file marks a record deceased, then pending notices are cancelled and the family is told once, even when the file is imported again', async () => {
    const row = aBeneficiaryRow();
    await importFile('beneficiaries', writeCsv(rt.tmp, 'ds.csv', BENEFICIARY_COLUMNS, [row]), ctx());
    const { pendingId } = await followedRecord(row.national_id!);
    const died = writeCsv(
      rt.tmp,
      'ds-2.csv',
      [...BENEFICIARY_COLUMNS, 'status', 'date_of_death'],
      [{ ...row, status: 'từ trần', date_of_death: '05/11/2026' }],
    );

    await importFile('beneficiaries', died, ctx());
    await importFile('beneficiaries', died, ctx());

    expect((await notifications.byIds([pendingId]))[0]!.status).toBe('cancelled');
    const messages = await byTemplate('life_deceased');
    expect(messages).toHaveLength(2);
    expect(messages[0]!.vars.dateOfDeath).toBe('2026-11-05');
  });
});

describe('a record moves out', () => {
  test('when an officer marks it moved to another commune, then linked chats are told which commune handles it now', async () => {
    const lan = aBeneficiary();
    await register(rt.sealer, [lan]);
    const { id, pendingId } = await followedRecord(lan.nationalId);

    expect(await markMovedOut(acting(BA_DINH), id, { toCommuneCode: '00008' })).toEqual({
      changed: true,
      cancelled: 1,
      sent: 2,
    });
    expect((await notifications.byIds([pendingId]))[0]!.status).toBe('cancelled');
    const messages = await byTemplate('life_moved_out');
    expect(messages.map((m) => m.vars)).toEqual([
      { beneficiaryName: lan.fullName, communeName: 'Phường Ngọc Hà', provinceName: 'Hà Nội' },
      { beneficiaryName: lan.fullName, communeName: 'Phường Ngọc Hà', provinceName: 'Hà Nội' },
    ]);
    expect((await beneficiaries.byId(id))?.movedTo).toEqual({ communeCode: '00008', provinceCode: '01' });
  });

  test('when an import marks it moved out without saying where, then the chats get the general sentence', async () => {
    const row = aBeneficiaryRow();
    await importFile('beneficiaries', writeCsv(rt.tmp, 'ds.csv', BENEFICIARY_COLUMNS, [row]), ctx());
    await followedRecord(row.national_id!);
    const moved = writeCsv(rt.tmp, 'ds-2.csv', [...BENEFICIARY_COLUMNS, 'status'], [{ ...row, status: 'moved_out' }]);
    await importFile('beneficiaries', moved, ctx());
    const [message] = await byTemplate('life_moved_out');
    expect(message!.vars).toEqual({ beneficiaryName: row.full_name, communeName: null, provinceName: null });
  });
});
