import type { Lang, Renderers } from './types.js';
import { PROVINCE_OFFICE } from './words.js';

// The header comes first and names the office, so a reader knows a broadcast is official before reading on.
const vi: Renderers<'announcement'> = {
  announcement: (v) => `📢 Thông báo của ${PROVINCE_OFFICE.vi(v.provinceName)}\n${v.title}\n\n${v.body}`,
};

const en: Renderers<'announcement'> = {
  announcement: (v) => `📢 Announcement from the ${PROVINCE_OFFICE.en(v.provinceName)}\n${v.title}\n\n${v.body}`,
};

/** The province broadcast by language. */
export const ANNOUNCEMENT_TEXTS: Record<Lang, Renderers<'announcement'>> = { vi, en };
