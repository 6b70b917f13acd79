import { INTENTS, intentOf, normalise, type Intent } from '../services/conversation/intents.js';
import { sensitiveNumberIn, type SensitiveNumber } from '../services/conversation/sensitive-numbers.js';

/** What people type, as the issue quotes it and in the spellings seen in chats, with the answer each needs. */
const SAID: [string, Intent][] = [
  ['xin chào, tiền tháng này về chưa?', 'payment_status'],
  ['Xin chao, tien thang nay ve chua', 'payment_status'],
  ['tiền về chưa', 'payment_status'],
  ['tien ve chua', 'payment_status'],
  ['Tiền về chx ạ', 'payment_status'],
  ['bao giờ có tiền', 'payment_status'],
  ['bao gio co tien vay', 'payment_status'],
  ['lĩnh tiền ở đâu', 'payment_status'],
  ['linh tien o dau', 'payment_status'],
  ['lãnh tiền ở đâu vậy', 'payment_status'],
  ['Trợ cấp tháng 11 đã chuyển chưa?', 'payment_status'],
  ['has the money arrived?', 'payment_status'],
  ['When will I get paid', 'payment_status'],
  ['đổi tài khoản', 'open_app'],
  ['doi tai khoan', 'open_app'],
  ['Đổi TK nhận tiền', 'open_app'],
  ['đổi tài khoản nhận trợ cấp', 'open_app'],
  ['số tài khoản', 'open_app'],
  ['so tai khoan cua toi', 'open_app'],
  ['stk', 'open_app'],
  ['change my bank account', 'open_app'],
  ['account number', 'open_app'],
  ['hủy liên kết', 'unlink'],
  ['huy lien ket', 'unlink'],
  ['Bỏ liên kết hồ sơ của mẹ', 'unlink'],
  ['unlink', 'unlink'],
  ['giúp tôi', 'help'],
  ['giup toi voi', 'help'],
  ['tôi không hiểu', 'help'],
  ['help me', 'help'],
  ['cảm ơn', 'thanks'],
  ['cam on', 'thanks'],
  ['Cám ơn cháu nhiều!', 'thanks'],
  ['camon', 'thanks'],
  ['vâng', 'thanks'],
  ['ok', 'thanks'],
  ['thank you', 'thanks'],
  ['xin chào', 'greeting'],
  ['XIN CHÀO', 'greeting'],
  ['chào cháu', 'greeting'],
  ['alo', 'greeting'],
  ['hello', 'greeting'],
];

describe('the intents table', () => {
  test.each(SAID)('when someone types «%s», then it means %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  test('when a phrase is typed with or without diacritics, upper case or extra punctuation, then it means the same', () => {
    for (const [text, intent] of SAID) {
      expect(intentOf(normalise(text))).toBe(intent);
      expect(intentOf(`  ${text.toUpperCase()} ?!  `)).toBe(intent);
    }
  });

  test('when every intent is listed, then the table has at least one quoted phrase for it', () => {
    expect(new Set(SAID.map(([, i]) => i))).toEqual(new Set(INTENTS));
  });

  test('when text is normalised, then diacritics go (đ → d), shorthand is spelled out and punctuation collapses', () => {
    expect(normalise('  Đã CÓ tiền   chưa??? Ông/bà… ')).toBe('da co tien chua ong ba');
    expect(normalise('đổi tk ko')).toBe('doi tai khoan khong');
    expect(normalise('Lĩnh tiền')).toBe(normalise('linh tien'));
  });

  test.each(['hôm nay trời đẹp', 'banana bread', '1234', '12/03/1948', 'AB3C-DE4F', '', '   ', 'điện thoại'])(
    'when someone types «%s», then no intent is guessed',
    (text) => {
      expect(intentOf(text)).toBeNull();
    },
  );
});

describe('sensitive numbers', () => {
  test.each<[string, SensitiveNumber]>([
    ['001140100000', 'national_id'],
    ['CCCD của tôi là 0011 4010 0000', 'national_id'],
    ['so dinh danh 001.140.100.000', 'national_id'],
    ['001-140-100-000 đây ạ', 'national_id'],
    ['stk 1903 5555 6666 7', 'account_number'],
    ['Số tài khoản: 0451000123456789', 'account_number'],
    ['tai khoan 1234-5678-901', 'account_number'],
    ['OTP 123456', 'otp'],
    ['mã OTP là 12 34 56', 'otp'],
    ['mã xác nhận 4321', 'otp'],
    ['Ma xac thuc: 98765432', 'otp'],
    ['my verification code is 5555', 'otp'],
    ['123456', 'otp'],
    ['  123 456 ', 'otp'],
  ])('when the message is «%s», then it carries a %s', (text, kind) => {
    expect(sensitiveNumberIn(text)).toBe(kind);
  });

  test.each([
    '1234',
    '12/03/1948',
    '12.03.1948',
    'tiền tháng 11/2026 và 12/2026 về chưa',
    'tôi được 10.500.000 đ',
    'tôi được 500000đ',
    '1.500.000 đồng',
    'AB3C-DE4F',
    'ma lien ket 34679346',
    'mã xác nhận ở đâu',
    'tien ve chua',
    '',
  ])('when the message is «%s», then it carries nothing sensitive', (text) => {
    expect(sensitiveNumberIn(text)).toBeNull();
  });
});
