import type { MessageButton } from '../channel.js';
import type { Lang, Renderers, TemplateVars } from './types.js';
import { lines, PROVINCE_OFFICE } from './words.js';

// The header comes first and names the office, so a reader knows a broadcast is official before reading on.
const vi: Renderers<'announcement' | 'broadcast_summary'> = {
  announcement: (v) => `📢 Thông báo của ${PROVINCE_OFFICE.vi(v.provinceName)}\n${v.title}\n\n${v.body}`,
  broadcast_summary: (v) =>
    lines(
      '📊 Kết quả gửi thông báo',
      `«${v.title}»`,
      `Đã gửi tới ${count('vi', v.sent)} trên ${count('vi', v.people)} người nhận.`,
      v.failed ? `Không gửi được: ${count('vi', v.failed)} người.` : null,
      v.blocked ? `Đã chặn tin nhắn của Tin An Sinh: ${count('vi', v.blocked)} người.` : null,
      v.cancelled ? `Đã hủy trước khi gửi: ${count('vi', v.cancelled)} người.` : null,
      'Xem chi tiết trong mục Cán bộ của ứng dụng Tin An Sinh.',
    ),
};

const en: Renderers<'announcement' | 'broadcast_summary'> = {
  announcement: (v) => `📢 Announcement from the ${PROVINCE_OFFICE.en(v.provinceName)}\n${v.title}\n\n${v.body}`,
  broadcast_summary: (v) =>
    lines(
      '📊 Your announcement has been sent',
      `«${v.title}»`,
      `Sent to ${count('en', v.sent)} of ${count('en', v.people)} recipients.`,
      v.failed ? `Could not be delivered: ${count('en', v.failed)}.` : null,
      v.blocked ? `Blocked Tin An Sinh's messages: ${count('en', v.blocked)}.` : null,
      v.cancelled ? `Cancelled before sending: ${count('en', v.cancelled)}.` : null,
      'See the details in the officer section of the Tin An Sinh app.',
    ),
};

/** 12.345 in Vietnamese, 12,345 in English. */
const count = (lang: Lang, n: number): string => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');

/** The province broadcast and its author's summary, by language. */
export const ANNOUNCEMENT_TEXTS: Record<Lang, Renderers<'announcement' | 'broadcast_summary'>> = { vi, en };

const LABELS: Record<Lang, { link: string; app: string }> = {
  vi: { link: '🔗 Xem chi tiết', app: '📱 Mở ứng dụng Tin An Sinh' },
  en: { link: '🔗 Read more', app: '📱 Open the Tin An Sinh app' },
};

/** An announcement's button, if it has one: a web link (the author's label, or "read more") or the mini-app. */
export function announcementButtons(lang: Lang, vars: TemplateVars['announcement']): MessageButton[] | undefined {
  const b = vars.button;
  if (!b) return undefined;
  if (b.kind === 'miniapp') return [{ kind: 'open_app', section: 'beneficiary', label: LABELS[lang].app }];
  return [{ kind: 'link', url: b.url, label: b.label || LABELS[lang].link }];
}
