import type { BroadcastPreview, BroadcastProgress, BroadcastState, BroadcastView } from '../broadcasts/types.js';
import { formatDateTime } from '../format.js';
import type { Lang } from './common.js';

type Who = 'beneficiaries' | 'officers' | 'both';

/** What the bot says in the officers' guided broadcast flow (`/thongbao`) and the list (`/dsthongbao`). */
export type BroadcastChatTexts = {
  askWho: string;
  who: Record<Who, string>;
  askArea: string;
  wholeProvince: string;
  pickCommunes: string;
  allMyCommunes: string;
  askCommuneCodes: string;
  badCommuneCodes: (codes: string[]) => string;
  askText: (area: string) => string;
  areaProvince: string;
  areaCommunes: (names: string[]) => string;
  noTitle: string;
  preview: (p: BroadcastPreview) => string;
  renderedBelow: string;
  send: string;
  drop: string;
  cancelFlow: string;
  sent: (v: BroadcastView) => string;
  dropped: string;
  flowCancelled: string;
  expired: string;
  waitButtons: string;
  none: string;
  card: (v: BroadcastView, p: BroadcastProgress) => string;
  state: Record<BroadcastState, string>;
  pause: string;
  resume: string;
  stop: string;
  approve: string;
  approveUrgent: string;
  done: string;
};

const vi: BroadcastChatTexts = {
  askWho: '📢 Gửi thông báo\nBước 1/3: Gửi cho ai?',
  who: { beneficiaries: '👵 Người hưởng trợ cấp', officers: '🧑‍💼 Cán bộ', both: '👥 Cả hai' },
  askArea: 'Bước 2/3: Gửi ở đâu?',
  wholeProvince: '🏙 Cả tỉnh',
  pickCommunes: '📍 Chọn xã/phường…',
  allMyCommunes: '📍 Tất cả xã/phường của tôi',
  askCommuneCodes: 'Xin gửi mã xã/phường (5 chữ số), nhiều mã cách nhau bằng dấu phẩy. Ví dụ: 00004, 00008',
  badCommuneCodes: (codes) =>
    `Không nhận được mã xã/phường: ${codes.join(', ')}. Mỗi mã gồm 5 chữ số và phải thuộc địa bàn anh/chị phụ trách. Xin gửi lại.`,
  askText: (area) =>
    `Bước 3/3: Gửi cho ${area}.\nXin gửi nội dung thông báo: dòng đầu là tiêu đề, các dòng sau là nội dung. Không ghi số tài khoản, mật khẩu hay mã OTP.`,
  areaProvince: 'cả tỉnh',
  areaCommunes: (names) => names.join(', '),
  noTitle: 'Thông báo',
  preview: (p) =>
    [
      '👀 Xem trước',
      `Số người nhận: ${p.people} (Telegram ${p.chats.telegram}, Zalo ${p.chats.zalo})`,
      p.blocked ? `Đã chặn tin nhắn, sẽ không nhận: ${p.blocked}` : null,
      `Dự kiến gửi xong: ${formatDateTime(p.estimate.finishesAt)}${p.estimate.pausesForQuietHours ? ' (tạm dừng ban đêm, tiếp tục lúc 07:00)' : ''}`,
      p.approvalRequired
        ? `Trên ${p.threshold} người nhận: cần một quản trị viên tỉnh khác duyệt trước khi gửi.`
        : null,
      'Muốn sửa nội dung thì gửi lại nội dung mới.',
    ]
      .filter(Boolean)
      .join('\n'),
  renderedBelow: 'Tin nhắn người nhận sẽ thấy:',
  send: '✅ Gửi',
  drop: '❌ Bỏ',
  cancelFlow: '❌ Thôi, không gửi',
  sent: (v) =>
    v.state === 'awaiting_approval'
      ? '📨 Đã lưu. Thông báo đang chờ một quản trị viên tỉnh khác duyệt. Xem tiến độ: /dsthongbao'
      : `📨 Đã đưa vào hàng gửi (bắt đầu ${formatDateTime(v.scheduledAt)}). Xem tiến độ: /dsthongbao`,
  dropped: 'Đã bỏ bản nháp, không gửi gì.',
  flowCancelled: 'Đã dừng soạn thông báo.',
  expired: 'Bản nháp đã hết hạn. Xin bắt đầu lại bằng /thongbao.',
  waitButtons: 'Xin chọn bằng các nút bên dưới tin trước.',
  none: 'Chưa có thông báo nào. Soạn thông báo mới: /thongbao',
  card: (v, p) =>
    [
      `📢 ${v.message.vi.title}`,
      `${vi.state[v.state]} · ${formatDateTime(v.createdAt)}`,
      `Đã gửi ${p.sent} · Lỗi ${p.failed} · Đang chờ ${p.pending} · Đã chặn ${p.blocked}${p.cancelled ? ` · Đã huỷ ${p.cancelled}` : ''} (trên ${p.people} người)`,
    ].join('\n'),
  state: {
    draft: '📝 Bản nháp',
    awaiting_approval: '⏳ Chờ duyệt',
    scheduled: '🕒 Đã hẹn giờ',
    sending: '📤 Đang gửi',
    paused: '⏸ Tạm dừng',
    done: '✅ Đã xong',
    cancelled: '⛔ Đã dừng',
  },
  pause: '⏸ Tạm dừng',
  resume: '▶️ Tiếp tục',
  stop: '⛔ Dừng hẳn',
  approve: '✅ Duyệt',
  approveUrgent: '⚡ Duyệt, gửi cả ban đêm',
  done: 'Đã cập nhật.',
};

const en: BroadcastChatTexts = {
  askWho: '📢 New announcement\nStep 1/3: Who should receive it?',
  who: { beneficiaries: '👵 Beneficiaries', officers: '🧑‍💼 Officers', both: '👥 Both' },
  askArea: 'Step 2/3: Where?',
  wholeProvince: '🏙 The whole province',
  pickCommunes: '📍 Choose communes…',
  allMyCommunes: '📍 All my communes',
  askCommuneCodes: 'Please send the commune codes (5 digits), separated by commas. For example: 00004, 00008',
  badCommuneCodes: (codes) =>
    `Commune codes not accepted: ${codes.join(', ')}. Each code has 5 digits and must be in your area. Please send them again.`,
  askText: (area) =>
    `Step 3/3: To ${area}.\nPlease send the announcement: the first line is the title, the following lines the text. Never include account numbers, passwords or OTP codes.`,
  areaProvince: 'the whole province',
  areaCommunes: (names) => names.join(', '),
  noTitle: 'Announcement',
  preview: (p) =>
    [
      '👀 Preview',
      `Recipients: ${p.people} (Telegram ${p.chats.telegram}, Zalo ${p.chats.zalo})`,
      p.blocked ? `Blocked the bot, will not receive it: ${p.blocked}` : null,
      `Estimated to finish: ${formatDateTime(p.estimate.finishesAt)}${p.estimate.pausesForQuietHours ? ' (pauses at night, resumes at 07:00)' : ''}`,
      p.approvalRequired ? `Over ${p.threshold} recipients: another province administrator must approve it.` : null,
      'To change the text, send the new text.',
    ]
      .filter(Boolean)
      .join('\n'),
  renderedBelow: 'The message recipients will see:',
  send: '✅ Send',
  drop: '❌ Discard',
  cancelFlow: '❌ Stop, do not send',
  sent: (v) =>
    v.state === 'awaiting_approval'
      ? '📨 Saved. It waits for another province administrator to approve it. Progress: /broadcasts'
      : `📨 Queued for sending (from ${formatDateTime(v.scheduledAt)}). Progress: /broadcasts`,
  dropped: 'Draft discarded; nothing was sent.',
  flowCancelled: 'Stopped composing the announcement.',
  expired: 'The draft has expired. Please start again with /broadcast.',
  waitButtons: 'Please choose with the buttons under the previous message.',
  none: 'No announcements yet. Compose one: /broadcast',
  card: (v, p) =>
    [
      `📢 ${(v.message.en ?? v.message.vi).title}`,
      `${en.state[v.state]} · ${formatDateTime(v.createdAt)}`,
      `Sent ${p.sent} · Failed ${p.failed} · Pending ${p.pending} · Blocked ${p.blocked}${p.cancelled ? ` · Cancelled ${p.cancelled}` : ''} (of ${p.people} people)`,
    ].join('\n'),
  state: {
    draft: '📝 Draft',
    awaiting_approval: '⏳ Awaiting approval',
    scheduled: '🕒 Scheduled',
    sending: '📤 Sending',
    paused: '⏸ Paused',
    done: '✅ Done',
    cancelled: '⛔ Stopped',
  },
  pause: '⏸ Pause',
  resume: '▶️ Resume',
  stop: '⛔ Stop',
  approve: '✅ Approve',
  approveUrgent: '⚡ Approve, send at night too',
  done: 'Updated.',
};

export const broadcastChat: Record<Lang, BroadcastChatTexts> = { vi, en };
