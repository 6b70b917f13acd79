import type { PaymentView, RecordStatus, StatusView } from '../status/payment-status.js';
import { formatDate, formatPeriod, formatVnd } from '../format.js';
import { maskDigits } from '../mask.js';
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
/** A value the register may not know: blank counts as unknown, so it never leaves a hole in a sentence. */
const known = <T extends string | Date>(v: T | null | undefined): T | null =>
  v === null || v === undefined || (typeof v === 'string' && !v.trim()) ? null : v;
const words = (vi: string, en: string): Record<Lang, string> => ({ vi, en });

// Where the money went when the register does not hold the account itself (no details on record).
const METHOD_DESTINATION: Record<string, Record<Lang, string>> = {
  bank: words('tài khoản ngân hàng', 'your bank account'),
  ewallet: words('ví điện tử', 'your e-wallet'),
  mobile_money: words('tài khoản Mobile Money', 'your Mobile Money account'),
};
const METHOD_NOUN: Record<string, Record<Lang, string>> = {
  bank: words('tài khoản', 'account'),
  ewallet: words('ví điện tử', 'e-wallet'),
  mobile_money: words('tài khoản Mobile Money', 'Mobile Money account'),
};

/** "tài khoản •••• 1234 tại Vietcombank", leaving out what is unknown; the method's own words when nothing is. */
function destination(lang: Lang, p: PaymentView): string {
  const masked = known(p.destinationMasked);
  const provider = known(p.provider);
  const at = provider ? (lang === 'vi' ? ` tại ${provider}` : ` at ${provider}`) : '';
  if (!masked && !provider)
    return (METHOD_DESTINATION[p.method] ?? words('tài khoản nhận tiền', 'your receiving account'))[lang];
  const noun = (METHOD_NOUN[p.method] ?? words('tài khoản', 'account'))[lang];
  return masked ? `${noun} ${masked}${at}` : `${lang === 'vi' ? noun : `your ${noun}`}${at}`;
}

/** ", từ ngày 10/11/2026 đến ngày 20/11/2026" with whichever dates are known. */
function pickupDates(lang: Lang, p: PaymentView): string {
  const from = known(p.pickupFrom);
  const to = known(p.pickupTo);
  if (lang === 'vi') {
    if (from && to) return `, từ ngày ${formatDate(from)} đến ngày ${formatDate(to)}`;
    return from ? `, từ ngày ${formatDate(from)}` : to ? `, đến hết ngày ${formatDate(to)}` : '';
  }
  if (from && to) return `, from ${formatDate(from)} to ${formatDate(to)}`;
  return from ? `, from ${formatDate(from)}` : to ? `, until ${formatDate(to)}` : '';
}

/** "Đã chuyển khoản ngày 10/10/2026 vào tài khoản ngân hàng", whatever the register does not know. */
function paid(lang: Lang, p: PaymentView): string {
  const paidOn = known(p.paidOn);
  const on = paidOn ? (lang === 'vi' ? ` ngày ${formatDate(paidOn)}` : ` on ${formatDate(paidOn)}`) : '';
  if (lang === 'vi')
    return p.method === 'cash_post' ? `Đã chi trả${on}` : `Đã chuyển khoản${on} vào ${destination('vi', p)}`;
  return p.method === 'cash_post' ? `Paid${on}` : `Paid${on} to ${destination('en', p)}`;
}

// A reason is typed by an officer and may quote an account number; only its masked tail may reach the chat.
const reasonText = (reason: string | null): string | null => {
  const r = known(reason);
  return r ? maskDigits(r.trim()) : null;
};
const because = (reason: string | null): string => {
  const r = reasonText(reason);
  return r ? `: ${r.replace(/[.!?…]+$/, '')}` : '';
};

type Account = NonNullable<RecordStatus['account']>;
/** "Tài khoản nhận tiền •••• 1234 tại Agribank", without the parts that are unknown. */
function accountName(lang: Lang, a: Account): string {
  const masked = known(a.masked);
  const provider = known(a.provider);
  const [head, at] = lang === 'vi' ? ['Tài khoản nhận tiền', 'tại'] : ['Receiving account', 'at'];
  return [head, masked, provider ? `${at} ${provider}` : null].filter(Boolean).join(' ');
}
const fieldList = (lang: Lang, fields: string[]): string =>
  fields.length ? ` (${fields.map((f) => field(lang, f)).join(', ')})` : '';
const aside = (reason: string | null): string => {
  const r = reasonText(reason);
  return r ? ` (${r})` : '';
};

const vi: StatusTexts = {
  period: (p) => `Kỳ chi trả tháng ${formatPeriod(p)}`,
  noPayment: 'chưa có thông tin chi trả.',
  payment: (p) => {
    const amount = formatVnd(p.amount);
    switch (p.status) {
      case 'paid':
        return `${amount} — ✅ ${paid('vi', p)}.`;
      case 'failed':
        return `${amount} — ❌ Chuyển khoản không thành công${because(p.failureReason)}. Xin liên hệ cán bộ xã để kiểm tra và cập nhật thông tin tài khoản; tiền sẽ được chi lại sau khi sửa.`;
      case 'returned':
        return `${amount} — ↩️ Bị hoàn trả${because(p.failureReason)}. Xin liên hệ cán bộ xã để được hướng dẫn nhận lại.`;
      case 'cash_ready':
        return `${amount} — 💵 Nhận tiền mặt tại ${known(p.pickupPlace) ?? 'bưu điện'}${pickupDates('vi', p)}. Xin mang theo CCCD.`;
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
    const acc = accountName('vi', a);
    if (a.state === 'verified') return `${acc}: ✅ Đã xác thực.`;
    if (a.state === 'mismatch')
      return `${acc}: ⚠️ Sai lệch thông tin${fieldList('vi', a.mismatchFields)}. Xin mang CCCD đến cán bộ xã hoặc công an xã để điều chỉnh.`;
    if (a.state === 'rejected') return `${acc}: ❌ Không được xác thực${aside(a.reason)}. Xin liên hệ cán bộ xã.`;
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
        return `${amount} — ✅ ${paid('en', p)}.`;
      case 'failed':
        return `${amount} — ❌ Transfer failed${because(p.failureReason)}. Please contact your commune officer to check and update the account details; it will be paid again once fixed.`;
      case 'returned':
        return `${amount} — ↩️ Returned${because(p.failureReason)}. Please contact your commune officer to receive it.`;
      case 'cash_ready':
        return `${amount} — 💵 Cash at ${known(p.pickupPlace) ?? 'the post office'}${pickupDates('en', p)}. Please bring your ID card.`;
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
    const acc = accountName('en', a);
    if (a.state === 'verified') return `${acc}: ✅ Verified.`;
    if (a.state === 'mismatch')
      return `${acc}: ⚠️ Mismatch${fieldList('en', a.mismatchFields)}. Please bring your ID card to the commune officer or commune police to correct it.`;
    if (a.state === 'rejected')
      return `${acc}: ❌ Not verified${aside(a.reason)}. Please contact your commune officer.`;
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
