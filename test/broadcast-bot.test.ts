import { broadcasts } from '../models/broadcast.js';
import { createBroadcast, DEFAULT_BROADCAST_POLICY, listBroadcasts } from '../services/broadcasts/index.js';
import { scopeOfChat } from '../services/officers/identity.js';
import { inviteOfficer } from '../services/officers/invites.js';
import { OPERATOR, type Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { aUser, type FakeUser, type SentMessage } from './fakes/telegram-bot-api.js';
import { buttons, startChatBot } from './support/telegram-chat.js';

let chat: Awaited<ReturnType<typeof startChatBot>>;
let operator: Acting;
let serial = 300;
const NOT_OFFICER = 'Chức năng này chỉ dành cho cán bộ. Xin nhập mã mời cán bộ trước.';

beforeAll(async () => {
  chat = await startChatBot();
  operator = { scope: OPERATOR, entryPoint: 'cli', now: () => chat.clock.now };
  await saveCommunes(
    [
      { code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null },
      { code: '00008', name: 'Phường Ngọc Hà', provinceCode: '01', legacyDistrict: null },
      { code: '26734', name: 'Phường Sài Gòn', provinceCode: '79', legacyDistrict: null },
    ],
    { sealer: chat.rt.sealer, entryPoint: 'import', actor: 'test' },
  );
  // Two beneficiaries of Ba Đình follow the bot: the audience is not empty.
  await chat.linkedUser('vi');
  await chat.linkedUser('vi');
});
afterAll(async () => {
  await chat.stop();
});

/** A chat linked to a new officer: a commune officer of Ba Đình, or a province administrator of Hà Nội. */
async function officerChat(role: 'commune_officer' | 'province_admin'): Promise<FakeUser> {
  const phone = `09150${String(++serial).padStart(5, '0')}`;
  const { code } = await inviteOfficer(
    operator,
    role === 'commune_officer'
      ? { role, communeCodes: ['00004'], name: 'Trần Thu Hằng', phone }
      : { role, provinceCode: '01', communeCodes: [], name: 'Lê Văn Nam', phone },
    { sealer: chat.rt.sealer },
  );
  const user = aUser();
  await chat.say(user, code);
  return user;
}

/** Presses a button of `m` and returns the `replies` messages it brought. */
async function press(user: FakeUser, m: SentMessage, data: string, replies = 1): Promise<SentMessage[]> {
  const before = chat.fake.messagesTo(user.id).length;
  chat.fake.pressButton(user, m, data);
  return (await chat.fake.waitForMessages(user.id, before + replies)).slice(before);
}

const labels = (m: SentMessage) => buttons(m).map((b) => b.text);

/** `/dsthongbao` and the cards it brought (as many as the officer's newest sent broadcasts, at most 5). */
async function cards(user: FakeUser): Promise<SentMessage[]> {
  const scope = (await scopeOfChat({ channel: 'telegram', chatId: String(user.id) }))!;
  const shown = (await listBroadcasts({ scope, entryPoint: 'bot', now: () => chat.clock.now }, { limit: 5 })).filter(
    (b) => b.state !== 'draft',
  ).length;
  return chat.say(user, '/dsthongbao', Math.max(1, shown));
}

describe('/thongbao, the guided broadcast', () => {
  test('when a commune officer goes through who → text → preview → send, then a broadcast to their commune is queued', async () => {
    const user = await officerChat('commune_officer');
    const [who] = await chat.say(user, '/thongbao');
    expect(who!.text).toBe('📢 Gửi thông báo\nBước 1/3: Gửi cho ai?');
    expect(labels(who!)).toEqual(['👵 Người hưởng trợ cấp', '🧑‍💼 Cán bộ', '👥 Cả hai', '❌ Thôi, không gửi']);

    // One commune: the "where" step is skipped.
    const [ask] = await press(user, who!, 'bc:who:beneficiaries');
    expect(ask!.text).toMatch(/^Bước 3\/3: Gửi cho Phường Ba Đình\./);

    const [preview, rendered] = await chat.say(
      user,
      'Lịch chi trả tháng 12\nTiền trợ cấp tháng 12 chi từ ngày 10/12.',
      2,
    );
    expect(preview!.text).toContain('Số người nhận: 2 (Telegram 2, Zalo 0)');
    expect(rendered!.text).toContain('Lịch chi trả tháng 12');
    expect(rendered!.text).toContain('Tiền trợ cấp tháng 12 chi từ ngày 10/12.');
    const send = buttons(rendered!).find((b) => b.text === '✅ Gửi')!.callback_data!;
    const id = send.split(':')[2]!;
    expect((await broadcasts.byId(id))!.state).toBe('draft');

    const [done] = await press(user, rendered!, send);
    expect(done!.text).toMatch(/^📨 Đã đưa vào hàng gửi/);
    expect(await broadcasts.byId(id)).toMatchObject({
      state: 'scheduled',
      provinceCode: '01',
      communeCodes: ['00004'],
      who: 'beneficiaries',
      message: { vi: { title: 'Lịch chi trả tháng 12', body: 'Tiền trợ cấp tháng 12 chi từ ngày 10/12.' } },
    });
  });

  test('when a province administrator types communes outside the province, then they are named and nothing is stored until a right one comes', async () => {
    const user = await officerChat('province_admin');
    const [who] = await chat.say(user, '/broadcast');
    const [where] = await press(user, who!, 'bc:who:both');
    expect(labels(where!)).toEqual(['🏙 Cả tỉnh', '📍 Chọn xã/phường…', '❌ Thôi, không gửi']);
    const [codes] = await press(user, where!, 'bc:area:pick');
    expect(codes!.text).toMatch(/^Xin gửi mã xã\/phường/);

    const [refused] = await chat.say(user, '00004, 26734, 12');
    expect(refused!.text).toBe(
      'Không nhận được mã xã/phường: 26734, 12. Mỗi mã gồm 5 chữ số và phải thuộc địa bàn anh/chị phụ trách. Xin gửi lại.',
    );
    const [ask] = await chat.say(user, '00004, 00008');
    expect(ask!.text).toMatch(/^Bước 3\/3: Gửi cho Phường Ba Đình, Phường Ngọc Hà\./);
  });

  test('when the officer sends a new text at the preview, then the earlier draft is discarded and the new one previewed', async () => {
    const user = await officerChat('commune_officer');
    const [who] = await chat.say(user, '/thongbao');
    await press(user, who!, 'bc:who:beneficiaries');
    const [, first] = await chat.say(user, 'Lần một', 2);
    const firstId = buttons(first!)
      .find((b) => b.text === '✅ Gửi')!
      .callback_data!.split(':')[2]!;
    // A hotline number in an announcement is meant to be sent: no warning about sensitive numbers.
    const [secondPreview, second] = await chat.say(user, 'Lần hai\nGọi đường dây nóng 0912 345 678', 2);
    expect(secondPreview!.text).toMatch(/^👀 Xem trước/);
    const secondId = buttons(second!)
      .find((b) => b.text === '✅ Gửi')!
      .callback_data!.split(':')[2]!;
    expect(secondId).not.toBe(firstId);
    expect((await broadcasts.byId(firstId))!.state).toBe('cancelled');
    expect((await broadcasts.byId(secondId))!.state).toBe('draft');

    const [dropped] = await press(user, second!, `bc:drop:${secondId}`);
    expect(dropped!.text).toBe('Đã bỏ bản nháp, không gửi gì.');
    expect((await broadcasts.byId(secondId))!.state).toBe('cancelled');
    // Composing is over: the next text is an ordinary message again, not a broadcast.
    const [after] = await chat.say(user, 'Lần ba');
    expect(after!.text).not.toContain('Xem trước');
  });

  test('when someone who is not an officer sends /thongbao or /dsthongbao, then they are told it is for officers', async () => {
    const user = aUser();
    expect((await chat.say(user, '/thongbao'))[0]!.text).toBe(NOT_OFFICER);
    expect((await chat.say(user, '/dsthongbao'))[0]!.text).toBe(NOT_OFFICER);
  });

  test('in English, the steps speak English', async () => {
    const user = await officerChat('commune_officer');
    await chat.inEnglish(user);
    const [who] = await chat.say(user, '/broadcast');
    expect(who!.text).toBe('📢 New announcement\nStep 1/3: Who should receive it?');
  });
});

describe('/dsthongbao, the list', () => {
  test('when a second province administrator opens the list, then a broadcast awaiting approval can be approved there, not by its author', async () => {
    const author = await officerChat('province_admin');
    const approver = await officerChat('province_admin');
    const scope = (await scopeOfChat({ channel: 'telegram', chatId: String(author.id) }))!;
    const { broadcast } = await createBroadcast(
      { scope, entryPoint: 'bot', now: () => chat.clock.now },
      { who: 'beneficiaries', message: { vi: { title: 'Cảnh báo lừa đảo', body: 'Không ai được thu tiền.' } } },
      { ...DEFAULT_BROADCAST_POLICY, approvalThreshold: 1 },
    );
    expect(broadcast.state).toBe('awaiting_approval');

    const authorCards = await cards(author);
    const own = authorCards.find((m) => m.text.startsWith('📢 Cảnh báo lừa đảo'))!;
    expect(labels(own)).not.toContain('✅ Duyệt');

    const [card] = (await cards(approver)).filter((m) => m.text.startsWith('📢 Cảnh báo lừa đảo'));
    expect(card!.text).toContain('⏳ Chờ duyệt');
    expect(labels(card!)).toEqual(['✅ Duyệt', '⚡ Duyệt, gửi cả ban đêm', '⛔ Dừng hẳn']);

    chat.fake.pressButton(approver, card!, `bc:approve:${broadcast.id}`);
    await waitFor(async () => (await broadcasts.byId(broadcast.id))!.state === 'scheduled');
    expect(await broadcasts.byId(broadcast.id)).toMatchObject({ approvedBy: expect.stringMatching(/^officer:/) });
  });

  test('when the author presses Stop on a card, then the broadcast is cancelled and the card says so', async () => {
    const user = await officerChat('commune_officer');
    const [who] = await chat.say(user, '/thongbao');
    await press(user, who!, 'bc:who:beneficiaries');
    const [, rendered] = await chat.say(user, 'Điểm chi trả mới\nTừ tháng 1, chi tại nhà văn hoá tổ 5.', 2);
    const id = buttons(rendered!)
      .find((b) => b.text === '✅ Gửi')!
      .callback_data!.split(':')[2]!;
    await press(user, rendered!, `bc:send:${id}`);

    const [card] = (await cards(user)).filter((m) => m.text.startsWith('📢 Điểm chi trả mới'));
    expect(labels(card!)).toContain('⛔ Dừng hẳn');
    chat.fake.pressButton(user, card!, `bc:stop:${id}`);
    await waitFor(async () => (await broadcasts.byId(id))!.state === 'cancelled');
  });
});

/** Waits (polling the database, not the clock) until the bot has acted on a button. */
async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the bot did not act on the button');
}
