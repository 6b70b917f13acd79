import mongoose from 'mongoose';
import { telegramChannel } from '../bot/telegram/channel.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { inviteOfficer } from '../services/officers/invites.js';
import { OPERATOR } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { runReminders } from '../services/reminders/run-reminders.js';
import { aUser, type FakeUser, type SentMessage } from './fakes/telegram-bot-api.js';
import { testPolicy, waitUntil } from './support/notify.js';
import { buttons, startChatBot } from './support/telegram-chat.js';

/**
 * November 2026 as the reminders live it, through the Telegram fake: the job's work at chosen
 * instants (`runReminders`, what the Agenda job calls), a dispatcher sending the outbox to the fake,
 * and officers pressing the buttons they received. The instants are in the past, so each notice is
 * due at once (as after an outage's catch-up) and the dispatcher needs no clock of its own.
 *
 * November 2026: monthly changes are due Friday 20/11, the payment list Wednesday 25/11; no holidays.
 */
let chat: Awaited<ReturnType<typeof startChatBot>>;
let dispatcher: Dispatcher;
let serial = 500;
const people: Record<'onTime' | 'late' | 'admin' | 'beneficiary', FakeUser> = {} as never;

/** Invites an officer and redeems the code in a new chat, as an officer does. */
async function officerChat(input: { role: string; communeCodes: string[]; provinceCode?: string }): Promise<FakeUser> {
  const { code } = await inviteOfficer(
    { scope: OPERATOR, entryPoint: 'cli', now: () => chat.clock.now },
    { name: 'Trần Thu Hằng', phone: `09150${String(++serial).padStart(5, '0')}`, ...input },
    { sealer: chat.rt.sealer },
  );
  const user = aUser();
  await chat.say(user, code);
  return user;
}

beforeAll(async () => {
  chat = await startChatBot();
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
    ],
    { sealer: chat.rt.sealer, entryPoint: 'import', actor: 'test' },
  );
  people.onTime = await officerChat({ role: 'commune_officer', communeCodes: ['00004'] });
  people.late = await officerChat({ role: 'commune_officer', communeCodes: ['00008'] });
  people.admin = await officerChat({ role: 'province_admin', provinceCode: '01', communeCodes: [] });
  // A record with no account details on record: reminded before the period.
  people.beneficiary = (await chat.linkedUser('vi')).user;
  const channel = telegramChannel(chat.fake.token, {
    apiRoot: chat.fake.apiRoot,
    paidBroadcast: false,
    publicUrl: 'https://an-sinh.example',
  });
  dispatcher = new Dispatcher([channel], testPolicy({ perChatIntervalMs: 0 }), createLogger('silent'));
  dispatcher.start();
}, 60000);
afterAll(async () => {
  await dispatcher.stop();
  await chat.stop();
});

/** Runs the reminders at each instant of a day (Vietnam time) and waits until the outbox has sent all it holds. */
async function day(d: string, times = ['08:00', '09:00', '16:00']): Promise<void> {
  for (const t of times) {
    const r = await runReminders(new Date(`2026-11-${d}T${t}+07:00`));
    expect(r.failed).toEqual([]);
  }
  await waitUntil(
    () =>
      mongoose.connection.db!.collection('notifications').countDocuments({ status: { $in: ['created', 'sending'] } }),
    (n) => n === 0,
    10000,
    `the notices of ${d}/11 sent`,
  );
}

/** The work messages a chat received (reminders, overdue notices, digests, the account reminder), in order. */
const notices = (user: FakeUser): SentMessage[] =>
  chat.fake.messagesTo(user.id).filter((m) => /^(⏰|⚠️|📋|📝)/u.test(m.text ?? ''));
const headline = (m: SentMessage) => (m.text ?? '').split('\n')[2] ?? '';

/** Presses a reminder's Done button and waits for the bot's reply. */
async function pressDone(user: FakeUser, m: SentMessage): Promise<void> {
  const data = buttons(m).find((b) => b.callback_data?.startsWith('task:done:'))!.callback_data!;
  const before = chat.fake.messagesTo(user.id).length;
  chat.fake.pressButton(user, m, data);
  const reply = (await chat.fake.waitForMessages(user.id, before + 1)).at(-1)!;
  expect(reply.text).toMatch(/^✅ Đã ghi nhận hoàn thành/);
}

describe('reminders end to end, through the Telegram fake', () => {
  test('when the beneficiaries are reminded before the period, then the person gets one reminder with the mini-app button', async () => {
    await day('09');
    await day('10');
    const got = notices(people.beneficiary);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('Để trợ cấp kỳ chi trả tháng 12/2026 được chuyển đúng tài khoản');
    expect(buttons(got[0]!)).toEqual([{ text: '📋 Mở ứng dụng', web_app: { url: 'https://an-sinh.example/app' } }]);
    // Nobody else is disturbed by it: officers have nothing yet.
    for (const u of [people.onTime, people.late, people.admin]) expect(notices(u)).toEqual([]);
  }, 60000);

  test('when a commune finishes on time, then its officer got exactly the reminders 5 days, 1 day before and on the day, and nothing after Done', async () => {
    for (const d of ['11', '12', '13', '14', '15', '16', '17', '18', '19', '20']) await day(d);
    const before = notices(people.onTime);
    expect(before.map((m) => m.text!.split('\n')[0])).toEqual([
      '⏰ Nhắc việc: Cập nhật biến động', // Sunday 15/11, 5 days before
      '⏰ Nhắc việc: Cập nhật biến động', // 19/11, 1 day before
      expect.stringMatching(/^⏰ Nhắc việc: /), // 20/11: monthly changes on the day, the payment list 5 days before
      expect.stringMatching(/^⏰ Nhắc việc: /),
    ]);
    expect(before.slice(0, 2).map(headline)).toEqual([
      'Kỳ 11/2026: hạn chót ngày 20/11/2026, còn 5 ngày.',
      'Kỳ 11/2026: hạn chót ngày 20/11/2026, còn 1 ngày.',
    ]);
    expect(before.slice(2).map(headline).sort()).toEqual(
      [
        'Kỳ 11/2026: hạn chót ngày 25/11/2026, còn 5 ngày.',
        'Kỳ 11/2026: hôm nay, ngày 20/11/2026, là hạn chót.',
      ].sort(),
    );
    chat.clock.now = new Date('2026-11-20T03:00:00Z');
    await pressDone(
      people.onTime,
      before.find((m) => headline(m).includes('hôm nay, ngày 20/11/2026'))!,
    );

    for (const d of ['21', '22', '23', '24', '25']) await day(d);
    const payment = notices(people.onTime).slice(4);
    expect(payment.map(headline)).toEqual([
      'Kỳ 11/2026: hạn chót ngày 25/11/2026, còn 1 ngày.',
      'Kỳ 11/2026: hôm nay, ngày 25/11/2026, là hạn chót.',
    ]);
    expect(payment.every((m) => m.text!.startsWith('⏰ Nhắc việc: Lập danh sách chi trả'))).toBe(true);
    chat.clock.now = new Date('2026-11-25T03:00:00Z');
    await pressDone(people.onTime, payment[1]!);

    const done = chat.fake.messagesTo(people.onTime.id).length;
    for (const d of ['26', '27', '28', '29', '30']) await day(d);
    expect(chat.fake.messagesTo(people.onTime.id)).toHaveLength(done);
    expect(notices(people.onTime)).toHaveLength(6);
  }, 180000);

  test('when a commune never finishes, then its officer got the same reminders, then an overdue notice each working day, and the province a digest from the 3rd working day', () => {
    const got = notices(people.late);
    expect(got.filter((m) => m.text!.startsWith('⏰'))).toHaveLength(6);
    const overdue = got.filter((m) => m.text!.startsWith('⚠️'));
    const lateBy = (task: string) =>
      overdue.filter((m) => m.text!.startsWith(`⚠️ Quá hạn: ${task}`)).map((m) => headline(m).split(', ').at(-1));
    // Monday 23/11 to Monday 30/11, the weekend skipped; the payment list from Thursday 26/11.
    expect(lateBy('Cập nhật biến động')).toEqual([
      'đã quá hạn 3 ngày.',
      'đã quá hạn 4 ngày.',
      'đã quá hạn 5 ngày.',
      'đã quá hạn 6 ngày.',
      'đã quá hạn 7 ngày.',
      'đã quá hạn 10 ngày.',
    ]);
    expect(lateBy('Lập danh sách chi trả')).toEqual(['đã quá hạn 1 ngày.', 'đã quá hạn 2 ngày.', 'đã quá hạn 5 ngày.']);
    for (const m of overdue) expect(buttons(m).map((b) => b.text)).toEqual(['✅ Đã xong', '📋 Mở mục Cán bộ']);

    // Working days late of monthly changes: 23/11 the 1st, 24/11 the 2nd, 25/11 the 3rd.
    const digests = notices(people.admin);
    expect(digests.map((m) => m.text!.split('\n')[0])).toEqual([
      '📋 Xã, phường chậm hạn của Hà Nội, ngày 25/11/2026',
      '📋 Xã, phường chậm hạn của Hà Nội, ngày 26/11/2026',
      '📋 Xã, phường chậm hạn của Hà Nội, ngày 27/11/2026',
      '📋 Xã, phường chậm hạn của Hà Nội, ngày 30/11/2026',
    ]);
    expect(digests[0]!.text).toContain('• Phường Ngọc Hà: Cập nhật biến động kỳ 11/2026, chậm 5 ngày.');
    expect(digests.every((m) => !m.text!.includes('Phường Ba Đình'))).toBe(true);
    // The payment list reaches its 3rd working day late on 30/11.
    expect(digests[3]!.text).toContain('• Phường Ngọc Hà: Lập danh sách chi trả kỳ 11/2026, chậm 5 ngày.');
    expect(digests.slice(0, 3).every((m) => !m.text!.includes('Lập danh sách chi trả'))).toBe(true);
  });

  test('when the reminders ran three times a day for a month, then nobody got any message twice', () => {
    for (const u of Object.values(people)) {
      const texts = notices(u).map((m) => m.text);
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(notices(people.beneficiary)).toHaveLength(1);
  });
});
