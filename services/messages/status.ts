import type { PaymentView, RecordStatus, StatusView } from '../status/payment-status.js';
import { formatDate, formatPeriod, formatVnd } from '../format.js';
import { IDENTITY_FIELD_LABELS_VI, type IdentityField } from '../validation/codes.js';
import type { Lang } from './common.js';

/** Words of the payment status view. */
type StatusTexts = {
  period: (p: string) => string;
  noPayment: string;
  payment: (p: PaymentView) => string;
  ended: Record<'deceased' | 'moved_out', string>;
  suspended: string;
  account: (a: NonNullable<RecordStatus['account']>) => string;
  noAccount: string;
  olderButton: string;
  newerButton: string;
  appButton: string;
  noLinks: string;
  pageNote: (page: number) => string;
};

const FIELDS_EN: Record<IdentityField, string> = {
  full_name: 'full name',
  date_of_birth: 'date of birth',
  place_of_origin: 'place of origin',
  permanent_residence: 'permanent residence',
};
const field = (lang: Lang, f: string): string =>
  (lang === 'vi' ? IDENTITY_FIELD_LABELS_VI : FIELDS_EN)[f as IdentityField] ?? f;
const day = (d: Date | string | null): string => (d ? formatDate(d) : '');

const vi: StatusTexts = {
  period: (p) => `Kỳ chi trả tháng ${formatPeriod(p)}`,
  noPayment: 'chưa có thông tin chi trả.',
  payment: (p) => {
    const amount = formatVnd(p.amount);
    switch (p.status) {
      case 'paid':
        return `${amount} — ✅ Đã chuyển khoản ngày ${day(p.paidOn)} vào tài khoản ${p.destinationMasked ?? ''}${p.provider ? ` tại ${p.provider}` : ''}.`;
      case 'failed':
        return `${amount} — ❌ Chuyển khoản không thành công${p.failureReason ? `: ${p.failureReason}` : ''}. Xin liên hệ cán bộ xã để kiểm tra và cập nhật thông tin tài khoản; tiền sẽ được chi lại sau khi sửa.`;
      case 'returned':
        return `${amount} — ↩️ Bị hoàn trả${p.failureReason ? `: ${p.failureReason}` : ''}. Xin liên hệ cán bộ xã để được hướng dẫn nhận lại.`;
      case 'cash_ready':
        return `${amount} — 💵 Nhận tiền mặt tại ${p.pickupPlace ?? 'bưu điện'}, từ ngày ${day(p.pickupFrom)} đến ngày ${day(p.pickupTo)}. Xin mang theo CCCD.`;
      case 'cash_collected':
        return `${amount} — ✅ Đã nhận tiền mặt.`;
      case 'scheduled':
        return `${amount} — ⏳ Chờ chi trả.`;
    }
  },
  ended: {
    deceased:
      'Hồ sơ đã ghi nhận người hưởng đã từ trần; không còn chi trả trợ cấp hằng tháng. Gia đình có thể liên hệ cán bộ xã về trợ cấp mai táng.',
    moved_out: 'Hồ sơ đã chuyển đi nơi khác; việc chi trả do địa phương mới thực hiện.',
  },
  suspended: '⚠️ Hồ sơ đang tạm dừng hưởng trợ cấp. Xin liên hệ cán bộ xã.',
  account: (a) => {
    const acc = `Tài khoản nhận tiền ${a.masked} tại ${a.provider}`;
    if (a.state === 'verified') return `${acc}: ✅ Đã xác thực.`;
    if (a.state === 'mismatch')
      return `${acc}: ⚠️ Sai lệch thông tin (${a.mismatchFields.map((f) => field('vi', f)).join(', ')}). Xin mang CCCD đến cán bộ xã hoặc công an xã để điều chỉnh.`;
    if (a.state === 'rejected')
      return `${acc}: ❌ Không được xác thực${a.reason ? ` (${a.reason})` : ''}. Xin liên hệ cán bộ xã.`;
    return `${acc}: ⏳ Chờ xác thực.`;
  },
  noAccount: 'Chưa có thông tin tài khoản nhận tiền.',
  olderButton: '⬅️ Các kỳ trước',
  newerButton: 'Các kỳ gần đây ➡️',
  appButton: '📋 Mở ứng dụng',
  noLinks:
    'Chưa có hồ sơ nào được liên kết. Xin bấm «📱 Liên kết hồ sơ của tôi» hoặc gửi mã liên kết do cán bộ xã cung cấp.',
  pageNote: (page) => `(Trang ${page + 1} — các kỳ cũ hơn)`,
};

const en: StatusTexts = {
  period: (p) => `Payment period ${formatPeriod(p)}`,
  noPayment: 'no payment information yet.',
  payment: (p) => {
    const amount = formatVnd(p.amount);
    switch (p.status) {
      case 'paid':
        return `${amount} — ✅ Paid on ${day(p.paidOn)} to account ${p.destinationMasked ?? ''}${p.provider ? ` at ${p.provider}` : ''}.`;
      case 'failed':
        return `${amount} — ❌ Transfer failed${p.failureReason ? `: ${p.failureReason}` : ''}. Please contact your commune officer to check and update the account details; it will be paid again once fixed.`;
      case 'returned':
        return `${amount} — ↩️ Returned${p.failureReason ? `: ${p.failureReason}` : ''}. Please contact your commune officer to receive it.`;
      case 'cash_ready':
        return `${amount} — 💵 Cash at ${p.pickupPlace ?? 'the post office'}, from ${day(p.pickupFrom)} to ${day(p.pickupTo)}. Please bring your ID card.`;
      case 'cash_collected':
        return `${amount} — ✅ Cash collected.`;
      case 'scheduled':
        return `${amount} — ⏳ Awaiting payment.`;
    }
  },
  ended: {
    deceased:
      'This record shows the beneficiary has passed away; the monthly allowance has ended. The family may ask the commune officer about the funeral allowance.',
    moved_out: 'This record has moved to another locality, which now makes the payments.',
  },
  suspended: '⚠️ The allowance is suspended. Please contact your commune officer.',
  account: (a) => {
    const acc = `Receiving account ${a.masked} at ${a.provider}`;
    if (a.state === 'verified') return `${acc}: ✅ Verified.`;
    if (a.state === 'mismatch')
      return `${acc}: ⚠️ Mismatch (${a.mismatchFields.map((f) => field('en', f)).join(', ')}). Please bring your ID card to the commune officer or commune police to correct it.`;
    if (a.state === 'rejected')
      return `${acc}: ❌ Not verified${a.reason ? ` (${a.reason})` : ''}. Please contact your commune officer.`;
    return `${acc}: ⏳ Awaiting verification.`;
  },
  noAccount: 'No receiving account on record yet.',
  olderButton: '⬅️ Older periods',
  newerButton: 'Recent periods ➡️',
  appButton: '📋 Open the app',
  noLinks: 'No record is linked yet. Tap «📱 Link my record» or send the link code from your commune officer.',
  pageNote: (page) => `(Page ${page + 1} — older periods)`,
};

/** Status view texts by language. */
export const status: Record<Lang, StatusTexts> = { vi, en };

function renderRecord(t: StatusTexts, r: RecordStatus): string {
  const lines = [`👤 ${r.fullName}`];
  if (r.state === 'deceased' || r.state === 'moved_out') return [...lines, t.ended[r.state]].join('\n');
  if (r.state === 'suspended') lines.push(t.suspended);
  for (const p of r.periods) lines.push(`• ${t.period(p.period)}: ${p.payment ? t.payment(p.payment) : t.noPayment}`);
  lines.push(r.account ? t.account(r.account) : t.noAccount);
  return lines.join('\n');
}

/** The status view as one message; records separated by a blank line. */
export function renderStatus(view: StatusView, lang: Lang): string {
  const t = status[lang];
  if (!view.records.length) return t.noLinks;
  const body = view.records.map((r) => renderRecord(t, r)).join('\n\n');
  return view.page > 0 ? `${t.pageNote(view.page)}\n\n${body}` : body;
}
