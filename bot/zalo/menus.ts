import { common, type Lang } from '../../services/messages/common.js';
import { officer as officerTexts } from '../../services/messages/officer.js';
import { status as statusTexts } from '../../services/messages/status.js';
import { web as webTexts } from '../../services/messages/web.js';
import type { LinkedRecord } from '../../services/linking/link.js';
import type { OfficerMenu } from '../../services/officers/menu.js';
import type { StatusView } from '../../services/status/payment-status.js';
import type { ZaloButton } from './replies.js';

/** Payloads of the main menu's buttons (Telegram's reply keyboard sends its labels instead; Zalo has none). */
export const MENU = { link: 'menu:link', status: 'menu:status', help: 'menu:help' } as const;

/** The main menu under a message: link my record, payment status, help, the other language. */
export function mainMenu(lang: Lang): ZaloButton[] {
  const t = common[lang];
  return [
    { title: t.linkButton, payload: MENU.link },
    { title: t.statusButton, payload: MENU.status },
    { title: t.helpButton, payload: MENU.help },
    { title: t.otherLanguageButton, payload: lang === 'vi' ? 'lang:en' : 'lang:vi' },
  ];
}

/** Paging under the status view, and the single-use browser link to the mini-app. */
export function statusButtons(view: StatusView, lang: Lang): ZaloButton[] {
  const t = statusTexts[lang];
  const out: ZaloButton[] = [];
  if (view.page > 0) out.push({ title: t.newerButton, payload: `status:${view.page - 1}` });
  if (view.hasOlder) out.push({ title: t.olderButton, payload: `status:${view.page + 1}` });
  if (view.records.length) out.push({ title: webTexts[lang].button, payload: 'web:open' });
  return out;
}

/** The mini-app in a browser, for a chat that asks to see or change its account. */
export function appButtons(lang: Lang): ZaloButton[] {
  return [{ title: webTexts[lang].button, payload: 'web:open' }];
}

/** Choosing the chat's language. */
export function languageButtons(): ZaloButton[] {
  return [
    { title: 'Tiếng Việt', payload: 'lang:vi' },
    { title: 'English', payload: 'lang:en' },
  ];
}

/**
 * The officer menu's buttons. The section opens through a single-use browser link: an OA button
 * cannot sign the officer in to the page the way Telegram's web_app button does.
 */
export function officerButtons(menu: OfficerMenu, lang: Lang): ZaloButton[] {
  const t = officerTexts[lang];
  return [
    { title: t.sectionButton, payload: 'officer:web' },
    ...(menu.relatives.length ? [{ title: t.statusButton, payload: 'officer:status' }] : []),
    { title: t.refreshButton, payload: 'officer:menu' },
  ];
}

/** One button per linked record, to unlink it. */
export function unlinkButtons(records: readonly LinkedRecord[]): ZaloButton[] {
  return records.map((r) => ({ title: `✖️ ${r.fullName}`, payload: `unlink:${r.beneficiaryId}` }));
}
