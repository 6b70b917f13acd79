import { formatDate, formatTime } from '../format.js';
import type { OfficerMenu } from '../officers/menu.js';
import type { OfficerProfile } from '../officers/profile.js';
import { SCOPE_WORDS } from '../officers/scope.js';
import type { Lang } from './common.js';

/** What the bot says to officers: the menu, its buttons, and the refusal for everyone else. */
export type OfficerTexts = {
  linked: (name: string) => string;
  menu: (m: OfficerMenu) => string;
  sectionButton: string;
  browserButton: string;
  statusButton: string;
  refreshButton: string;
  broadcastButton: string;
  broadcastListButton: string;
  notOfficer: string;
  webLink: (url: string, expiresAt: Date) => string;
};

const scopeVi = (p: OfficerProfile): string =>
  p.role === 'province_admin'
    ? `Quản trị viên cấp tỉnh — ${p.provinceName}`
    : `Cán bộ xã — ${p.communes.map((c) => c.name).join(', ')} (${p.provinceName})`;
const scopeEn = (p: OfficerProfile): string =>
  p.role === 'province_admin'
    ? `Province administrator — ${p.provinceName}`
    : `Commune officer — ${p.communes.map((c) => c.name).join(', ')} (${p.provinceName})`;

export const officer: Record<Lang, OfficerTexts> = {
  vi: {
    linked: (name) => `✅ Cuộc trò chuyện này đã được liên kết với tài khoản cán bộ ${name}.`,
    menu: (m) =>
      [
        `👋 Chào anh/chị ${m.profile.name}.`,
        scopeVi(m.profile),
        `Thông tin tài khoản chờ xác thực: ${m.queue.submitted} mới gửi, ${m.queue.verifying} đang chờ công an xã đối chiếu.`,
        ...(m.relatives.length
          ? [`Anh/chị cũng đang theo dõi hồ sơ người thân: ${m.relatives.join(', ')}. Bấm «💰 Xem tình hình chi trả».`]
          : []),
        'Bấm «📋 Mục cán bộ» để xem danh sách và làm việc. Gửi /canbo để mở lại trình đơn này.',
      ].join('\n\n'),
    sectionButton: '📋 Mục cán bộ',
    browserButton: '🌐 Mục cán bộ trên trình duyệt',
    statusButton: '💰 Xem tình hình chi trả',
    refreshButton: '🔄 Cập nhật',
    broadcastButton: '📢 Gửi thông báo',
    broadcastListButton: '📨 Thông báo đã gửi',
    notOfficer: SCOPE_WORDS.notOfficer.vi,
    webLink: (url, at) =>
      [
        'Đường liên kết mở mục cán bộ trên trình duyệt:',
        url,
        `Chỉ dùng được một lần, đến ${formatTime(at)} ngày ${formatDate(at)}. Xin đừng chuyển cho người khác.`,
      ].join('\n\n'),
  },
  en: {
    linked: (name) => `✅ This chat is now linked to the officer account of ${name}.`,
    menu: (m) =>
      [
        `👋 Hello, ${m.profile.name}.`,
        scopeEn(m.profile),
        `Account details awaiting verification: ${m.queue.submitted} newly submitted, ${m.queue.verifying} with the commune police.`,
        ...(m.relatives.length
          ? [`You also follow your relatives' records: ${m.relatives.join(', ')}. Tap «💰 Payment status».`]
          : []),
        'Tap «📋 Officer section» to see the lists and work on them. Send /canbo to show this menu again.',
      ].join('\n\n'),
    sectionButton: '📋 Officer section',
    browserButton: '🌐 Officer section in a browser',
    statusButton: '💰 Payment status',
    refreshButton: '🔄 Refresh',
    broadcastButton: '📢 Send an announcement',
    broadcastListButton: '📨 Announcements sent',
    notOfficer: SCOPE_WORDS.notOfficer.en,
    webLink: (url, at) =>
      [
        'Your link to the officer section in a browser:',
        url,
        `It works once, until ${formatTime(at)} on ${formatDate(at)}. Please do not pass it on to anyone.`,
      ].join('\n\n'),
  },
};
