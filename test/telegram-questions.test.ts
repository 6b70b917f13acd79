import { aUser, type MediaField } from './fakes/telegram-bot-api.js';
import { aBeneficiary, register } from './support/register.js';
import { LINK_BUTTON, buttons, startChatBot } from './support/telegram-chat.js';

let chat: Awaited<ReturnType<typeof startChatBot>>;
beforeAll(async () => {
  chat = await startChatBot();
});
afterAll(async () => {
  await chat.stop();
});

describe('plain questions', () => {
  test.each([
    'xin chào, tiền tháng này về chưa?',
    'tiền về chưa',
    'tien ve chua',
    'bao giờ có tiền',
    'bao gio co tien',
    'lĩnh tiền ở đâu',
    'linh tien o dau',
  ])('when a linked person types «%s», then the payment status comes, with no hole in it', async (text) => {
    const { user, name } = await chat.linkedUser('vi');
    const [reply] = await chat.say(user, text);
    expect(reply!.text).toContain(`👤 ${name}`);
    expect(reply!.text).toContain('500.000 ₫ — ✅ Đã chuyển khoản ngày 10/10/2026 vào tài khoản ngân hàng.');
    expect(reply!.text).not.toMatch(/ \.|Xin lỗi/);
  });

  test.each(['has the money arrived?', 'When will I get paid', 'where do I collect the money'])(
    'when a linked person reading English types «%s», then the payment status comes in English',
    async (text) => {
      const { user, name } = await chat.linkedUser('en');
      const [reply] = await chat.say(user, text);
      expect(reply!.text).toContain(`👤 ${name}`);
      expect(reply!.text).toContain('500.000 ₫ — ✅ Paid on 10/10/2026 to your bank account.');
    },
  );

  test.each([
    ['vi', 'tiền về chưa?'],
    ['vi', 'tien ve chua'],
    ['vi', 'số tài khoản'],
    ['en', 'has the money arrived?'],
    ['en', 'change my account'],
  ] as const)(
    'when a chat with no record asks (%s) «%s», then it is told how to link first, with the link button',
    async (lang, text) => {
      const user = aUser();
      if (lang === 'en') await chat.inEnglish(user);
      const [reply] = await chat.say(user, text);
      expect(reply!.text).toBe(
        lang === 'vi'
          ? 'Chưa có hồ sơ nào được liên kết. Xin bấm «📱 Liên kết hồ sơ của tôi» hoặc gửi mã liên kết do cán bộ xã cung cấp.'
          : 'No record is linked yet. Tap «📱 Link my record» or send the link code from your commune officer.',
      );
      expect(buttons(reply!)).toContainEqual({ text: LINK_BUTTON[lang], request_contact: true });
    },
  );

  test.each([
    [
      'vi',
      'đổi tài khoản',
      'Để xem, xác nhận hoặc đổi tài khoản nhận tiền',
      '📋 Mở ứng dụng',
      '🌐 Mở trong trình duyệt',
    ],
    [
      'vi',
      'doi tai khoan',
      'Để xem, xác nhận hoặc đổi tài khoản nhận tiền',
      '📋 Mở ứng dụng',
      '🌐 Mở trong trình duyệt',
    ],
    [
      'vi',
      'so tai khoan',
      'Để xem, xác nhận hoặc đổi tài khoản nhận tiền',
      '📋 Mở ứng dụng',
      '🌐 Mở trong trình duyệt',
    ],
    ['en', 'account number', 'To see, confirm or change the account', '📋 Open the app', '🌐 Open in a browser'],
  ] as const)(
    'when a linked person (%s) types «%s», then the mini-app buttons come',
    async (lang, text, words, app, web) => {
      const { user } = await chat.linkedUser(lang);
      const [reply] = await chat.say(user, text);
      expect(reply!.text).toContain(words);
      expect(buttons(reply!)).toEqual([
        { text: app, web_app: { url: 'https://an-sinh.example/app' } },
        { text: web, callback_data: 'web:open' },
      ]);
    },
  );

  test.each([
    ['vi', 'hủy liên kết', 'Chọn hồ sơ muốn bỏ liên kết:'],
    ['vi', 'huy lien ket', 'Chọn hồ sơ muốn bỏ liên kết:'],
    ['en', 'unlink', 'Choose the record to unlink:'],
  ] as const)(
    'when a linked person (%s) types «%s», then the record to unlink is offered',
    async (lang, text, words) => {
      const { user, name } = await chat.linkedUser(lang);
      const [reply] = await chat.say(user, text);
      expect(reply!.text).toBe(words);
      expect(buttons(reply!)[0]!.text).toBe(`✖️ ${name}`);
    },
  );

  test.each([
    ['vi', 'giúp tôi', 'Hướng dẫn sử dụng:'],
    ['vi', 'giup toi', 'Hướng dẫn sử dụng:'],
    ['en', 'help me please', 'How to use this bot:'],
    ['vi', 'cảm ơn', 'Dạ, không có gì ạ.'],
    ['vi', 'cam on', 'Dạ, không có gì ạ.'],
    ['en', 'thank you', "You're welcome."],
    ['vi', 'xin chào', 'Xin chào ông/bà!'],
    ['en', 'hello', 'Hello! Tap a button below'],
  ] as const)(
    'when a linked person (%s) types «%s», then the answer starts «%s» with the main menu',
    async (lang, text, start) => {
      const { user } = await chat.linkedUser(lang);
      const [reply] = await chat.say(user, text);
      expect(reply!.text.startsWith(start)).toBe(true);
      expect(buttons(reply!)).toContainEqual({ text: LINK_BUTTON[lang], request_contact: true });
    },
  );

  test('when a linking step waits for the second factor, then a typed question does not interrupt it', async () => {
    const b = aBeneficiary({ phone: '+84912377001' });
    await register(chat.rt.sealer, [b]);
    const user = aUser();
    chat.fake.sendContact(user, { phone_number: '+84912377001' });
    await chat.fake.waitForMessages(user.id, 1);
    expect((await chat.say(user, 'tiền về chưa?'))[0]!.text).toContain('Xin gửi 4 chữ số');
    expect((await chat.say(user, b.nationalId.slice(-4)))[0]!.text).toContain('Đã liên kết hồ sơ');
  });
});

describe('voice notes, stickers, photos and files', () => {
  const MEDIA: [MediaField, string, string][] = [
    ['voice', 'Xin lỗi, tôi chưa nghe được tin nhắn thoại.', 'Sorry, I cannot listen to voice messages.'],
    ['audio', 'Xin lỗi, tôi chưa nghe được tin nhắn thoại.', 'Sorry, I cannot listen to voice messages.'],
    ['sticker', 'Cảm ơn ông/bà! 😊', 'Thank you! 😊'],
    ['animation', 'Cảm ơn ông/bà! 😊', 'Thank you! 😊'],
    ['photo', 'Xin lỗi, tôi chưa xem được hình ảnh hay video.', 'Sorry, I cannot look at photos or videos.'],
    ['video', 'Xin lỗi, tôi chưa xem được hình ảnh hay video.', 'Sorry, I cannot look at photos or videos.'],
    ['document', 'Xin lỗi, tôi chưa mở được tệp gửi kèm.', 'Sorry, I cannot open files.'],
  ];

  test.each(MEDIA)(
    'when a message of kind %s arrives, then a kind reply in the chat language says what the bot can do, with the main menu; nothing is downloaded or stored',
    async (kind, vi, en) => {
      const user = aUser();
      const sent = chat.fake.sendMedia(user, kind);
      const [reply] = await chat.fake.waitForMessages(user.id, 1);
      expect(reply!.text.split('\n')[0]).toBe(vi);
      expect(reply!.text).toContain('tiền trợ cấp đã chuyển chưa');
      expect(buttons(reply!)).toContainEqual({ text: LINK_BUTTON.vi, request_contact: true });
      expect(buttons(reply!)).toContainEqual({ text: '💰 Xem tình hình chi trả' });

      await chat.inEnglish(user);
      chat.fake.sendMedia(user, kind);
      const english = (await chat.fake.waitForMessages(user.id, 3))[2]!;
      expect(english.text.split('\n')[0]).toBe(en);
      expect(english.text).toContain('whether the allowance has been paid');
      expect(buttons(english)).toContainEqual({ text: LINK_BUTTON.en, request_contact: true });

      expect(chat.fake.calls.filter((c) => /^(getFile|downloadFile)$/i.test(c.method))).toEqual([]);
      const fileId = JSON.stringify(sent).match(/file-[a-z_]+-\d+/)![0];
      expect(await chat.everythingStored()).not.toContain(fileId);
    },
  );
});
