import { formatDateTime } from '../../format.js';
import type { Lang, Renderers } from './types.js';
import { lines } from './words.js';

// An administrator reads this once: what stopped, since when, and the one step that brings it back.
const vi: Renderers<'zalo_token_failed'> = {
  zalo_token_failed: (v) =>
    lines(
      '⚠️ Kênh Zalo OA đã ngừng gửi tin',
      `Hệ thống không làm mới được mã truy cập (token) của Zalo OA từ ${formatDateTime(new Date(v.since))}.`,
      'Tin nhắn qua Zalo OA và ZNS sẽ không gửi được cho đến khi có mã mới; các kênh khác vẫn hoạt động.',
      'Việc cần làm: quản trị viên Zalo OA cấp lại quyền cho ứng dụng, rồi người vận hành nhập cặp mã mới bằng lệnh «npm run cli -- zalo tokens set».',
    ),
};

const en: Renderers<'zalo_token_failed'> = {
  zalo_token_failed: (v) =>
    lines(
      '⚠️ The Zalo OA channel has stopped sending',
      `The Zalo OA access token could not be refreshed since ${formatDateTime(new Date(v.since))}.`,
      'Messages through the Zalo OA and ZNS cannot go out until a new token pair is stored; other channels still work.',
      'What to do: a Zalo OA administrator grants the app access again, then the operator stores the new pair with «npm run cli -- zalo tokens set».',
    ),
};

/** Notices about the Zalo OA itself, by language. */
export const ZALO_TEXTS: Record<Lang, Renderers<'zalo_token_failed'>> = { vi, en };
