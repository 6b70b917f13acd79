import type { LinkOutcome } from '../linking/link.js';
import { common, type Lang } from './common.js';
import { officer } from './officer.js';

/** Replies of the linking steps; none of them says whether an ID or phone is on record. */
export type LinkTexts = {
  askSecondFactor: string;
  secondFactorUnclear: string;
  notOwnContact: string;
  rejected: (attemptsLeft: number) => string;
  linked: (names: string[]) => string;
  noLinks: string;
  chooseUnlink: string;
  unlinked: (name: string) => string;
  notLinked: string;
};

export const link: Record<Lang, LinkTexts> = {
  vi: {
    askSecondFactor:
      'Cảm ơn ông/bà. Để xác nhận, xin gửi 4 số cuối của số định danh cá nhân (CCCD) của người hưởng trợ cấp, hoặc ngày sinh của người đó theo dạng ngày/tháng/năm (ví dụ 12/03/1948).',
    secondFactorUnclear: 'Xin gửi 4 chữ số (ví dụ 1234) hoặc ngày sinh theo dạng ngày/tháng/năm (ví dụ 12/03/1948).',
    notOwnContact:
      'Xin chỉ chia sẻ số điện thoại của chính ông/bà bằng nút «📱 Liên kết hồ sơ của tôi», không gửi danh bạ của người khác.',
    rejected: (left) =>
      `Thông tin chưa khớp với hồ sơ. Ông/bà còn ${left} lần thử. Nếu cần, xin liên hệ cán bộ xã để được cấp mã liên kết.`,
    linked: (names) => `✅ Đã liên kết hồ sơ: ${names.join(', ')}. Bấm «💰 Xem tình hình chi trả» để xem tiền trợ cấp.`,
    noLinks:
      'Chưa có hồ sơ nào được liên kết. Xin bấm «📱 Liên kết hồ sơ của tôi» hoặc gửi mã liên kết do cán bộ xã cung cấp.',
    chooseUnlink: 'Chọn hồ sơ muốn bỏ liên kết:',
    unlinked: (name) => `Đã bỏ liên kết hồ sơ ${name}. Cuộc trò chuyện này sẽ không nhận thông tin về hồ sơ đó nữa.`,
    notLinked: 'Hồ sơ này không còn liên kết với cuộc trò chuyện.',
  },
  en: {
    askSecondFactor:
      "Thank you. To confirm, please send the last 4 digits of the beneficiary's personal ID number, or their date of birth as dd/mm/yyyy (for example 12/03/1948).",
    secondFactorUnclear:
      'Please send 4 digits (for example 1234) or a date of birth as dd/mm/yyyy (for example 12/03/1948).',
    notOwnContact:
      "Please share only your own phone number with the «📱 Link my record» button, not someone else's contact.",
    rejected: (left) =>
      `That does not match our records. ${left} attempt(s) left. If needed, ask your commune officer for a link code.`,
    linked: (names) => `✅ Record linked: ${names.join(', ')}. Tap «💰 Payment status» to see the allowance.`,
    noLinks: 'No record is linked yet. Tap «📱 Link my record» or send the link code from your commune officer.',
    chooseUnlink: 'Choose the record to unlink:',
    unlinked: (name) => `Record ${name} unlinked. This chat will no longer receive information about it.`,
    notLinked: 'This record is no longer linked to this chat.',
  },
};

/** The reply to a linking step (`not_for_me` has none). */
export function renderLinkOutcome(outcome: LinkOutcome, lang: Lang): string {
  const t = link[lang];
  switch (outcome.kind) {
    case 'linked':
      return t.linked(outcome.records.map((r) => r.fullName));
    case 'officer':
      return officer[lang].linked(outcome.scope.name);
    case 'rejected':
      return t.rejected(outcome.attemptsLeft);
    case 'locked':
      return common[lang].locked(outcome.until);
    case 'ask_second_factor':
      return t.askSecondFactor;
    case 'second_factor_unclear':
      return t.secondFactorUnclear;
    case 'not_own_contact':
      return t.notOwnContact;
    case 'not_for_me':
      return '';
  }
}
