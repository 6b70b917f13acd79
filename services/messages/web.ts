import { formatDate, formatTime } from '../format.js';
import type { Lang } from './common.js';

/** Texts of the "open in a browser" link the bot sends. */
export type WebTexts = { button: string; link: (url: string, expiresAt: Date) => string };

export const web: Record<Lang, WebTexts> = {
  vi: {
    button: '🌐 Mở trong trình duyệt',
    link: (url, at) =>
      [
        'Đường liên kết để xem và xác nhận tài khoản nhận tiền trên trình duyệt:',
        url,
        `Đường liên kết chỉ dùng được một lần, đến ${formatTime(at)} ngày ${formatDate(at)}. Xin đừng chuyển cho người khác.`,
        '🔒 Trang này không bao giờ hỏi mật khẩu hay mã OTP.',
      ].join('\n\n'),
  },
  en: {
    button: '🌐 Open in a browser',
    link: (url, at) =>
      [
        'Your link to see and confirm the receiving account in a browser:',
        url,
        `It works once, until ${formatTime(at)} on ${formatDate(at)}. Please do not pass it on to anyone.`,
        '🔒 The page never asks for a password or an OTP code.',
      ].join('\n\n'),
  },
};
