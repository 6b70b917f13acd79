import { formatDate, formatPeriod, formatVnd } from '../../format.js';
import type { Lang, Renderers } from './types.js';
import { NEVER_ASK, accountPhrase, because, lines, person, pickupWhen } from './words.js';

type PaymentTemplate = 'payment_paid' | 'payment_failed' | 'payment_returned' | 'payment_cash_ready';

const vi: Renderers<PaymentTemplate> = {
  payment_paid: (v) =>
    lines(
      '✅ Trợ cấp đã được chuyển khoản',
      person(v.beneficiaryName),
      `Kỳ chi trả tháng ${formatPeriod(v.period)}: ${formatVnd(v.amount)} — Đã chuyển khoản ngày ${formatDate(v.paidOn)} vào ${accountPhrase('vi', v.destinationMasked, v.provider)}.`,
      'Nếu chưa thấy tiền trong tài khoản, xin liên hệ cán bộ xã.',
    ),
  payment_failed: (v) =>
    lines(
      '❌ Chuyển khoản không thành công',
      person(v.beneficiaryName),
      `Kỳ chi trả tháng ${formatPeriod(v.period)}: ${formatVnd(v.amount)} chưa chuyển được vào tài khoản.`,
      because('Lý do', v.reason),
      'Việc cần làm: xin mang CCCD đến cán bộ xã để kiểm tra và cập nhật thông tin tài khoản nhận tiền. Tiền sẽ được chi lại sau khi sửa.',
      NEVER_ASK.vi,
    ),
  payment_returned: (v) =>
    lines(
      '↩️ Tiền trợ cấp bị hoàn trả',
      person(v.beneficiaryName),
      `Kỳ chi trả tháng ${formatPeriod(v.period)}: ${formatVnd(v.amount)} — Bị hoàn trả, tiền chưa vào tài khoản của ông/bà.`,
      because('Lý do', v.reason),
      'Việc cần làm: xin mang CCCD đến cán bộ xã để được hướng dẫn nhận lại tiền.',
      NEVER_ASK.vi,
    ),
  payment_cash_ready: (v) =>
    lines(
      '💵 Mời nhận tiền mặt',
      person(v.beneficiaryName),
      `Kỳ chi trả tháng ${formatPeriod(v.period)}: ${formatVnd(v.amount)}.`,
      `Nơi nhận: ${v.pickupPlace ?? 'bưu điện'}.`,
      `Thời gian: ${pickupWhen('vi', v.pickupFrom, v.pickupTo) ?? 'xin hỏi cán bộ xã'}.`,
      'Xin mang theo CCCD. Nếu nhờ người khác nhận thay, người đó mang CCCD của mình và giấy ủy quyền.',
      v.pickupFrom || v.pickupTo ? 'Nếu không đến được trong thời gian này, xin liên hệ cán bộ xã.' : null,
    ),
};

const en: Renderers<PaymentTemplate> = {
  payment_paid: (v) =>
    lines(
      '✅ Allowance paid',
      person(v.beneficiaryName),
      `Payment period ${formatPeriod(v.period)}: ${formatVnd(v.amount)} — Paid on ${formatDate(v.paidOn)} to ${accountPhrase('en', v.destinationMasked, v.provider)}.`,
      'If the money is not in the account yet, please contact your commune officer.',
    ),
  payment_failed: (v) =>
    lines(
      '❌ Transfer failed',
      person(v.beneficiaryName),
      `Payment period ${formatPeriod(v.period)}: ${formatVnd(v.amount)} could not be paid into the account.`,
      because('Reason', v.reason),
      'What to do: please bring your ID card (CCCD) to your commune officer to check and update the receiving account. It will be paid again once fixed.',
      NEVER_ASK.en,
    ),
  payment_returned: (v) =>
    lines(
      '↩️ Allowance returned',
      person(v.beneficiaryName),
      `Payment period ${formatPeriod(v.period)}: ${formatVnd(v.amount)} — Returned; the money has not reached your account.`,
      because('Reason', v.reason),
      'What to do: please bring your ID card (CCCD) to your commune officer to learn how to receive it.',
      NEVER_ASK.en,
    ),
  payment_cash_ready: (v) =>
    lines(
      '💵 Cash ready to collect',
      person(v.beneficiaryName),
      `Payment period ${formatPeriod(v.period)}: ${formatVnd(v.amount)}.`,
      `Where: ${v.pickupPlace ?? 'the post office'}.`,
      `When: ${pickupWhen('en', v.pickupFrom, v.pickupTo) ?? 'please ask your commune officer'}.`,
      'Please bring your ID card (CCCD). If someone collects it for you, they bring their own ID card and a letter of authorization.',
      v.pickupFrom || v.pickupTo ? 'If you cannot come during these dates, please contact your commune officer.' : null,
    ),
};

/** Payment notices by language. */
export const PAYMENT_TEXTS: Record<Lang, Renderers<PaymentTemplate>> = { vi, en };
