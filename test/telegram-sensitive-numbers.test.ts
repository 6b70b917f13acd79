import { NUMBERS_WARNING_EVERY_MS } from '../services/conversation/numbers-warning.js';
import { aUser } from './fakes/telegram-bot-api.js';
import { aBeneficiary, register } from './support/register.js';
import { startChatBot } from './support/telegram-chat.js';

let chat: Awaited<ReturnType<typeof startChatBot>>;
beforeAll(async () => {
  chat = await startChatBot();
});
afterAll(async () => {
  await chat.stop();
});

describe('sensitive numbers', () => {
  const ID = '079188001234';
  const ACCOUNT = '1903 5555 6666 77';
  const OTP = '482913';
  const digitsOf = (s: string) => s.replace(/\D/g, '');
  const leaks = (where: string, digits: string[]) => digits.filter((d) => where.replace(/[ .-]/g, '').includes(d));

  test('when a person sends an ID number, an account number and an OTP, then none is echoed, logged or stored, and the warning comes once', async () => {
    const user = aUser();
    const warning = (await chat.say(user, `CCCD của tôi là ${ID}`))[0]!;
    expect(warning.text).toContain(
      'Chúng tôi không bao giờ hỏi mật khẩu, mã OTP, số tài khoản hay số định danh cá nhân',
    );
    expect(warning.text).toContain('Xin đừng gửi những số đó vào đây');

    // The conversation goes on as usual (here: «stk» asks for the account, and no record is linked); no second warning.
    expect((await chat.say(user, `stk ${ACCOUNT}`))[0]!.text).toContain('Chưa có hồ sơ nào được liên kết');
    expect((await chat.say(user, `mã OTP ${OTP}`))[0]!.text).toContain('Xin lỗi, tôi chưa hiểu');
    await chat.say(user, '/help');
    const all = chat.fake.messagesTo(user.id);
    expect(all.filter((m) => m.text.includes('không bao giờ hỏi mật khẩu, mã OTP, số tài khoản'))).toHaveLength(1);
    expect(all).toHaveLength(4);

    const secrets = [ID, digitsOf(ACCOUNT), OTP];
    const stored = await chat.everythingStored();
    expect(stored).toContain(`"chatId":"${user.id}"`); // the search does reach this chat's document…
    expect(stored).toContain('"numbersWarnedAt"'); // …which remembers the warning, not the number
    expect(leaks(chat.everythingSent(), secrets)).toEqual([]);
    expect(leaks(stored, secrets)).toEqual([]);
    expect(leaks(chat.logLines.join(''), secrets)).toEqual([]);
  });

  test('when a question carries a number too, then the warning comes and the question is still answered', async () => {
    const { user, name } = await chat.linkedUser('en');
    const replies = await chat.say(user, `has the money arrived? my ID is ${ID}`, 2);
    expect(replies[0]!.text).toContain(
      'We never ask for passwords, OTP codes, full account numbers or full ID numbers.',
    );
    expect(replies[1]!.text).toContain(`👤 ${name}`);
    expect(leaks(JSON.stringify(replies), [ID])).toEqual([]);
  });

  test('when a photo comes with a number in its caption, then the warning comes as well as the kind reply', async () => {
    const user = aUser();
    chat.fake.sendMedia(user, 'photo', { caption: `so tai khoan ${ACCOUNT}` });
    const [warning, reply] = await chat.fake.waitForMessages(user.id, 2);
    expect(warning!.text).toContain('Xin đừng gửi những số đó vào đây');
    expect(reply!.text).toContain('Xin đừng gửi ảnh CCCD hay thẻ ngân hàng vào đây.');
    expect(leaks(await chat.everythingStored(), [digitsOf(ACCOUNT)])).toEqual([]);
  });

  test('when the ID number is sent instead of its last four digits during linking, then the warning comes and linking goes on', async () => {
    const b = aBeneficiary({ phone: '+84912377002' });
    await register(chat.rt.sealer, [b]);
    const user = aUser();
    chat.fake.sendContact(user, { phone_number: '+84912377002' });
    await chat.fake.waitForMessages(user.id, 1);
    const [warning, again] = await chat.say(user, b.nationalId, 2);
    expect(warning!.text).toContain('Xin đừng gửi những số đó vào đây');
    expect(again!.text).toContain('Xin gửi 4 chữ số');
    expect((await chat.say(user, b.nationalId.slice(-4)))[0]!.text).toContain('Đã liên kết hồ sơ');
    expect(leaks(chat.everythingSent(), [b.nationalId])).toEqual([]);
  });

  test('when a month has passed since the warning, then a new number gets it again', async () => {
    const user = aUser();
    await chat.say(user, `OTP ${OTP}`);
    expect((await chat.say(user, ID))[0]!.text).toContain('Xin lỗi, tôi chưa hiểu');
    chat.clock.now = new Date(chat.clock.now.getTime() + NUMBERS_WARNING_EVERY_MS + 60_000);
    expect((await chat.say(user, ID))[0]!.text).toContain('Xin đừng gửi những số đó vào đây');
  });
});
