import type { Lang } from './common.js';

/** Greeting, help and the hint for messages the bot does not understand. */
export type StartTexts = {
  greeting: string;
  help: string;
  unknown: string;
  chooseLanguage: string;
  languageSet: string;
};

export const start: Record<Lang, StartTexts> = {
  vi: {
    greeting: [
      'Xin chào! Đây là Tin An Sinh, kênh tra cứu trợ cấp xã hội hằng tháng.',
      'Ông/bà có thể xem tiền trợ cấp đã được chuyển chưa, chuyển vào tài khoản nào, hoặc nhận tiền mặt ở đâu.',
      '🔒 Chúng tôi không bao giờ hỏi mật khẩu, mã OTP hay số tài khoản đầy đủ. Xin đừng gửi những thông tin đó cho ai.',
      'Để bắt đầu, xin bấm nút «📱 Liên kết hồ sơ của tôi» bên dưới. Nếu cán bộ xã đã đưa mã liên kết, ông/bà chỉ cần gửi mã đó.',
    ].join('\n\n'),
    help: [
      'Hướng dẫn sử dụng:',
      '/start — lời chào và nút liên kết hồ sơ',
      '/status — xem tình hình chi trả của các hồ sơ đã liên kết',
      '/web — mở trang xem và xác nhận tài khoản nhận tiền trên trình duyệt',
      '/unlink — bỏ liên kết một hồ sơ',
      '/lang — đổi ngôn ngữ (Tiếng Việt / English)',
      '/help — hướng dẫn này',
      'Liên kết hồ sơ: bấm «📱 Liên kết hồ sơ của tôi» để chia sẻ số điện thoại, rồi trả lời 4 số cuối số định danh cá nhân (CCCD) hoặc ngày sinh (ngày/tháng/năm). Hoặc gửi mã liên kết 8 ký tự do cán bộ xã cung cấp.',
      'Một người có thể liên kết nhiều hồ sơ (ví dụ của cha và mẹ).',
    ].join('\n'),
    unknown: 'Xin lỗi, tôi chưa hiểu. Ông/bà có thể bấm «💰 Xem tình hình chi trả», hoặc gửi /help để xem hướng dẫn.',
    chooseLanguage: 'Xin chọn ngôn ngữ / Please choose a language:',
    languageSet: 'Đã chuyển sang Tiếng Việt.',
  },
  en: {
    greeting: [
      'Hello! This is Tin An Sinh, where you can check your monthly social allowance.',
      'You can see whether the allowance has been paid, to which account, or where to collect cash.',
      '🔒 We never ask for passwords, OTP codes or full account numbers. Please do not send them to anyone.',
      'To begin, tap «📱 Link my record» below. If your commune officer gave you a link code, just send that code.',
    ].join('\n\n'),
    help: [
      'How to use this bot:',
      '/start — greeting and the button to link your record',
      '/status — payment status of your linked records',
      '/web — open the page to see and confirm the receiving account in a browser',
      '/unlink — unlink a record',
      '/lang — change language (Tiếng Việt / English)',
      '/help — this help',
      'Linking: tap «📱 Link my record» to share your phone number, then answer with the last 4 digits of the personal ID number or the date of birth (dd/mm/yyyy). Or send the 8-character link code from your commune officer.',
      'One person may link several records (for example both parents).',
    ].join('\n'),
    unknown: 'Sorry, I did not understand. Tap «💰 Payment status», or send /help for instructions.',
    chooseLanguage: 'Xin chọn ngôn ngữ / Please choose a language:',
    languageSet: 'Language set to English.',
  },
};
