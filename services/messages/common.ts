import type { Lang } from '../../models/chat.js';
import { formatDate, formatTime } from '../format.js';

export type { Lang };

/** Texts of the main menu's buttons (a reply keyboard), and the commands' descriptions. */
export type MenuTexts = {
  linkButton: string;
  statusButton: string;
  helpButton: string;
  otherLanguageButton: string;
  commands: { command: string; description: string }[];
};

/** Texts every feature may need. */
export type CommonTexts = MenuTexts & { internalError: string; locked: (until: Date) => string };

/** Vietnamese first, English second; each language a complete set. */
export const common: Record<Lang, CommonTexts> = {
  vi: {
    linkButton: '📱 Liên kết hồ sơ của tôi',
    statusButton: '💰 Xem tình hình chi trả',
    helpButton: '❓ Hướng dẫn',
    otherLanguageButton: '🌐 English',
    commands: [
      { command: 'start', description: 'Bắt đầu, liên kết hồ sơ' },
      { command: 'status', description: 'Xem tình hình chi trả' },
      { command: 'web', description: 'Xem, xác nhận tài khoản nhận tiền trên trình duyệt' },
      { command: 'unlink', description: 'Bỏ liên kết một hồ sơ' },
      { command: 'lang', description: 'Đổi ngôn ngữ / Language' },
      { command: 'help', description: 'Hướng dẫn sử dụng' },
    ],
    internalError: 'Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.',
    locked: (until) =>
      `Vì nhập sai nhiều lần, việc liên kết tạm khóa đến ${formatTime(until)} ngày ${formatDate(until)}. Xin vui lòng thử lại sau, hoặc liên hệ cán bộ xã để được hỗ trợ.`,
  },
  en: {
    linkButton: '📱 Link my record',
    statusButton: '💰 Payment status',
    helpButton: '❓ Help',
    otherLanguageButton: '🌐 Tiếng Việt',
    commands: [
      { command: 'start', description: 'Start, link your record' },
      { command: 'status', description: 'Payment status' },
      { command: 'web', description: 'See or confirm the receiving account in a browser' },
      { command: 'unlink', description: 'Unlink a record' },
      { command: 'lang', description: 'Language / Đổi ngôn ngữ' },
      { command: 'help', description: 'How to use this bot' },
    ],
    internalError: 'Something went wrong on our side. Please try again in a few minutes.',
    locked: (until) =>
      `Too many wrong answers: linking is paused until ${formatTime(until)} on ${formatDate(until)}. Please try again later or ask your commune officer for help.`,
  },
};

/** Every label of a menu button in any language, so a press is recognised whatever language the chat reads. */
export function menuLabels(key: keyof Omit<MenuTexts, 'commands'>): string[] {
  return [common.vi[key], common.en[key]];
}
