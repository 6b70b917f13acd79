import { formatPeriod } from '../../format.js';
import type { MessageButton } from '../channel.js';
import type { Lang, Renderers } from './types.js';
import { lines, person } from './words.js';

// Polite, whole sentences, and never a request for numbers in chat: the details go in the mini-app only.
const vi: Renderers<'account_reminder'> = {
  account_reminder: (v) =>
    lines(
      '📝 Nhắc kiểm tra tài khoản nhận tiền',
      person(v.beneficiaryName),
      {
        missing: 'Hồ sơ trợ cấp chưa có thông tin tài khoản nhận tiền.',
        mismatch: 'Thông tin tài khoản nhận tiền bị sai lệch so với Cơ sở dữ liệu quốc gia về dân cư.',
        rejected: 'Tài khoản nhận tiền đã khai không được xác thực.',
        unconfirmed: 'Đã lâu ông/bà chưa xác nhận thông tin tài khoản nhận tiền.',
      }[v.reason],
      `Để trợ cấp kỳ chi trả tháng ${formatPeriod(v.period)} được chuyển đúng tài khoản, xin ông/bà mở ứng dụng Tin An Sinh (bấm /web hoặc nút «Mở ứng dụng») để xem, xác nhận hoặc sửa thông tin.`,
      'Xin đừng gửi số tài khoản hay mật khẩu qua tin nhắn này. Cần giúp đỡ, xin liên hệ cán bộ xã.',
    ),
};

const en: Renderers<'account_reminder'> = {
  account_reminder: (v) =>
    lines(
      '📝 Please check the account your allowance goes to',
      person(v.beneficiaryName),
      {
        missing: 'The allowance record has no receiving account yet.',
        mismatch: 'The receiving account details do not match the national population database.',
        rejected: 'The receiving account given was not verified.',
        unconfirmed: 'The receiving account details have not been confirmed for a while.',
      }[v.reason],
      `So that the allowance for the ${formatPeriod(v.period)} payment reaches the right account, please open the Tin An Sinh app (tap /web or the «Open the app» button) to review, confirm or correct the details.`,
      'Please do not send account numbers or passwords in this chat. For help, contact the commune officer.',
    ),
};

/** The reminder before a payment period to people whose account details need their attention, by language. */
export const ACCOUNT_REMINDER_TEXTS = { vi, en };

const APP_BUTTON: Record<Lang, string> = { vi: '📋 Mở ứng dụng', en: '📋 Open the app' };

/** The one button the reminder carries: the mini-app, where the details are seen and changed (the text names it). */
export const accountReminderButtons = (lang: Lang): MessageButton[] => [
  { kind: 'open_app', section: 'beneficiary', label: APP_BUTTON[lang] },
];
