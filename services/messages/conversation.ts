import type { Lang } from './common.js';

/** What kind of non-text message arrived, in words every channel can map its own types to. */
export type MediaKind = 'voice' | 'picture' | 'file' | 'sticker';

/** Replies to typed questions, to media the bot cannot read, and the warning about sensitive numbers. */
export type ConversationTexts = {
  hello: string;
  thanks: string;
  openApp: string;
  numbersWarning: string;
  media: (kind: MediaKind) => string;
};

const MEDIA_VI: Record<MediaKind, string> = {
  voice: 'Xin lỗi, tôi chưa nghe được tin nhắn thoại.',
  picture: 'Xin lỗi, tôi chưa xem được hình ảnh hay video.',
  file: 'Xin lỗi, tôi chưa mở được tệp gửi kèm.',
  sticker: 'Cảm ơn ông/bà! 😊',
};
const MEDIA_EN: Record<MediaKind, string> = {
  voice: 'Sorry, I cannot listen to voice messages.',
  picture: 'Sorry, I cannot look at photos or videos.',
  file: 'Sorry, I cannot open files.',
  sticker: 'Thank you! 😊',
};
// A photo or file may well be an ID card or a bank card: say at once that it does not belong here.
const hasCard = (kind: MediaKind): boolean => kind === 'picture' || kind === 'file';

export const conversation: Record<Lang, ConversationTexts> = {
  vi: {
    hello: 'Xin chào ông/bà! Ông/bà có thể bấm nút bên dưới, hoặc nhắn câu hỏi, ví dụ «tiền về chưa?».',
    thanks: 'Dạ, không có gì ạ. Khi cần, ông/bà cứ nhắn hoặc bấm nút bên dưới.',
    openApp: 'Để xem, xác nhận hoặc đổi tài khoản nhận tiền, xin bấm nút bên dưới.',
    numbersWarning: [
      '🔒 Chúng tôi không bao giờ hỏi mật khẩu, mã OTP, số tài khoản hay số định danh cá nhân (CCCD) đầy đủ.',
      'Xin đừng gửi những số đó vào đây, cũng đừng đưa cho ai. Chúng tôi không lưu tin nhắn vừa rồi; ông/bà nên xóa tin nhắn đó.',
    ].join('\n'),
    media: (kind) =>
      [
        MEDIA_VI[kind],
        'Tôi có thể cho biết tiền trợ cấp đã chuyển chưa, vào tài khoản nào, hoặc nhận tiền mặt ở đâu. Xin bấm một nút bên dưới, hoặc nhắn chữ, ví dụ «tiền về chưa?».',
        ...(hasCard(kind) ? ['🔒 Xin đừng gửi ảnh CCCD hay thẻ ngân hàng vào đây.'] : []),
      ].join('\n'),
  },
  en: {
    hello: 'Hello! Tap a button below, or type a question, for example «has the money arrived?».',
    thanks: "You're welcome. Whenever you need, just write or tap a button below.",
    openApp: 'To see, confirm or change the account the allowance goes to, tap the button below.',
    numbersWarning: [
      '🔒 We never ask for passwords, OTP codes, full account numbers or full ID numbers.',
      'Please do not send them here, or to anyone. We have not kept your message; you may want to delete it.',
    ].join('\n'),
    media: (kind) =>
      [
        MEDIA_EN[kind],
        'I can tell you whether the allowance has been paid, to which account, or where to collect cash. Tap a button below, or type a question, for example «has the money arrived?».',
        ...(hasCard(kind) ? ['🔒 Please do not send photos of your ID card or bank card here.'] : []),
      ].join('\n'),
  },
};
