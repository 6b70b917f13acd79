import { aUser, type FakeUser, type SentMessage } from './fakes/telegram-bot-api.js';
import { inviteOfficer, type InviteInput } from '../services/officers/invites.js';
import { removeOfficer } from '../services/officers/roster.js';
import { OPERATOR, type Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { LINK_BUTTON, buttons, startChatBot } from './support/telegram-chat.js';

let chat: Awaited<ReturnType<typeof startChatBot>>;
let operator: Acting;
let serial = 500;
const nextPhone = () => `09130${String(++serial).padStart(5, '0')}`;
const NOT_OFFICER = 'Chức năng này chỉ dành cho cán bộ. Xin nhập mã mời cán bộ trước.';

beforeAll(async () => {
  chat = await startChatBot();
  operator = { scope: OPERATOR, entryPoint: 'cli', now: () => chat.clock.now };
  await saveCommunes([{ code: '00004', name: 'Phường Ba Đình', provinceCode: '01', legacyDistrict: null }], {
    sealer: chat.rt.sealer,
    entryPoint: 'import',
    actor: 'test',
  });
});
afterAll(async () => {
  await chat.stop();
});

async function invited(input: Partial<InviteInput> = {}) {
  const phone = nextPhone();
  const made = await inviteOfficer(
    operator,
    { role: 'commune_officer', communeCodes: ['00004'], name: 'Trần Thu Hằng', phone, ...input },
    { sealer: chat.rt.sealer },
  );
  return { ...made, phone };
}
const texts = (m: SentMessage) => buttons(m).map((b) => b.text);
/** Presses an inline button and returns the reply it brought. */
async function press(user: FakeUser, m: SentMessage, data: string): Promise<SentMessage> {
  const before = chat.fake.messagesTo(user.id).length;
  chat.fake.pressButton(user, m, data);
  return (await chat.fake.waitForMessages(user.id, before + 1)).at(-1)!;
}

describe('officers in the bot', () => {
  test('when an officer sends their invite code as text, then the chat is linked and the officer menu shows scope and queue', async () => {
    const { code } = await invited();
    const user = aUser();
    const [menu] = await chat.say(user, code.toLowerCase());
    expect(menu!.text).toContain('✅ Cuộc trò chuyện này đã được liên kết với tài khoản cán bộ Trần Thu Hằng.');
    expect(menu!.text).toContain('Cán bộ xã — Phường Ba Đình (Hà Nội)');
    expect(menu!.text).toContain('Thông tin tài khoản chờ xác thực: 0 mới gửi, 0 đang chờ công an xã đối chiếu.');
    expect(buttons(menu!)).toContainEqual({
      text: '📋 Mục cán bộ',
      web_app: { url: 'https://an-sinh.example/app?section=officer' },
    });
    expect(texts(menu!)).not.toContain('💰 Xem tình hình chi trả');
    const [again] = await chat.say(user, '/canbo');
    expect(again!.text).toMatch(/^👋 Chào anh\/chị Trần Thu Hằng\./);
    const [start] = await chat.say(user, '/start');
    expect(start!.text).toMatch(/^👋 Chào anh\/chị Trần Thu Hằng\./);
  });

  test('when an officer opens t.me/<bot>?start=CODE in English, then the menu comes in English', async () => {
    const { code } = await invited({
      role: 'province_admin',
      provinceCode: '01',
      communeCodes: [],
      name: 'Vũ Minh Quang',
    });
    const user = aUser();
    await chat.inEnglish(user);
    const [menu] = await chat.say(user, `/start ${code}`);
    expect(menu!.text).toContain('This chat is now linked to the officer account of Vũ Minh Quang.');
    expect(menu!.text).toContain('Province administrator — Hà Nội');
    expect(texts(menu!)).toContain('🌐 Officer section in a browser');
  });

  test('when someone who is not an officer sends /canbo or /officer, then they are told politely it is for officers', async () => {
    const user = aUser();
    expect((await chat.say(user, '/canbo'))[0]!.text).toBe(NOT_OFFICER);
    expect((await chat.say(user, '/officer'))[0]!.text).toBe(NOT_OFFICER);
  });

  test('when a relative of a beneficiary is also an officer, then the menu offers both, and the status button shows the record', async () => {
    const { user, name } = await chat.linkedUser('vi');
    const { code } = await invited();
    const [menu] = await chat.say(user, code);
    expect(menu!.text).toContain(`Anh/chị cũng đang theo dõi hồ sơ người thân: ${name}.`);
    expect(texts(menu!)).toEqual(expect.arrayContaining(['📋 Mục cán bộ', '💰 Xem tình hình chi trả']));
    const status = await press(user, menu!, 'officer:status');
    expect(status.text).toContain(`👤 ${name}`);
  });

  test('when the officer asks for the browser link, then a single-use link to the mini-app comes', async () => {
    const { code } = await invited();
    const user = aUser();
    const [menu] = await chat.say(user, code);
    const reply = await press(user, menu!, 'officer:web');
    expect(reply.text).toMatch(/https:\/\/an-sinh\.example\/app\/w\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}/);
  });

  test('when the officer is removed, then the chat gets the beneficiary menu and no officer answers, at once', async () => {
    const { code, phone } = await invited();
    const user = aUser();
    const [menu] = await chat.say(user, code);
    await removeOfficer(operator, phone, { sealer: chat.rt.sealer });
    expect((await chat.say(user, '/canbo'))[0]!.text).toBe(NOT_OFFICER);
    expect((await press(user, menu!, 'officer:menu')).text).toBe(NOT_OFFICER);
    const [start] = await chat.say(user, '/start');
    expect(start!.text).toContain('Xin chào! Đây là Tin An Sinh');
    expect(buttons(start!)).toContainEqual({ text: LINK_BUTTON.vi, request_contact: true });
  });

  test('when a chat sends wrong codes until locked, then a good invite is refused with the lockout message', async () => {
    const { code } = await invited();
    const user = aUser();
    for (let i = 0; i < 4; i++) expect((await chat.say(user, 'QQQQQQQQ'))[0]!.text).toContain('lần thử');
    expect((await chat.say(user, 'QQQQQQQQ'))[0]!.text).toContain('tạm khóa');
    const [locked] = await chat.say(user, code);
    expect(locked!.text).toContain('tạm khóa');
    expect((await chat.say(user, '/canbo'))[0]!.text).toBe(NOT_OFFICER);
  });
});
