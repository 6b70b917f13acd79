import { InlineKeyboard, Keyboard } from 'grammy';
import { common, type Lang } from '../../services/messages/common.js';
import { status as statusTexts } from '../../services/messages/status.js';
import { web as webTexts } from '../../services/messages/web.js';
import type { StatusView } from '../../services/status/payment-status.js';

/** The main menu: share-contact to link, payment status, help, the other language. */
export function mainMenu(lang: Lang): Keyboard {
  const t = common[lang];
  return new Keyboard()
    .requestContact(t.linkButton)
    .row()
    .text(t.statusButton)
    .row()
    .text(t.helpButton)
    .text(t.otherLanguageButton)
    .resized()
    .persistent();
}

/** Paging buttons under the status view, and the mini-app (Telegram accepts web_app buttons only on https). */
export function statusKeyboard(view: StatusView, lang: Lang, publicUrl: string): InlineKeyboard {
  const t = statusTexts[lang];
  const kb = new InlineKeyboard();
  if (view.page > 0) kb.text(t.newerButton, `status:${view.page - 1}`);
  if (view.hasOlder) kb.text(t.olderButton, `status:${view.page + 1}`);
  if (view.records.length && publicUrl.startsWith('https://')) kb.row().webApp(t.appButton, `${publicUrl}/app`);
  if (view.records.length) kb.row().text(webTexts[lang].button, 'web:open');
  return kb;
}

/** The mini-app (https only) and the "open in a browser" button, for a chat that asks to see or change its account. */
export function appKeyboard(lang: Lang, publicUrl: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (publicUrl.startsWith('https://')) kb.webApp(statusTexts[lang].appButton, `${publicUrl}/app`).row();
  return kb.text(webTexts[lang].button, 'web:open');
}

/** Buttons choosing the chat's language. */
export function languageKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('Tiếng Việt', 'lang:vi').text('English', 'lang:en');
}
