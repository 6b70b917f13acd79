import { Composer, InlineKeyboard } from 'grammy';
import { officer as texts } from '../../../services/messages/officer.js';
import { issueWebLink } from '../../../services/miniapp/web-links.js';
import { officerMenu, type OfficerMenu } from '../../../services/officers/menu.js';
import { scopeOfChat } from '../../../services/officers/identity.js';
import type { Lang } from '../../../services/messages/common.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { showStatus } from './status.js';

/** The officer section of the mini-app (Telegram opens web_app buttons on https only; it keeps the hash for itself). */
function officerKeyboard(menu: OfficerMenu, lang: Lang, publicUrl: string): InlineKeyboard {
  const t = texts[lang];
  const kb = new InlineKeyboard();
  if (publicUrl.startsWith('https://')) kb.webApp(t.sectionButton, `${publicUrl}/app?section=officer`).row();
  kb.text(t.browserButton, 'officer:web').row();
  kb.text(t.broadcastButton, 'bc:start').row().text(t.broadcastListButton, 'bc:list').row();
  if (menu.relatives.length) kb.text(t.statusButton, 'officer:status').row();
  return kb.text(t.refreshButton, 'officer:menu');
}

/**
 * Shows the officer menu (after `intro`, e.g. "linked"); false when the chat is not an active
 * officer's, so the caller answers as for anyone else.
 */
export async function showOfficerMenu(deps: BotDeps, ctx: BotContext, intro?: string): Promise<boolean> {
  const menu = await officerMenu(ctx.chatRef, deps.linking.now);
  if (!menu) return false;
  const body = texts[ctx.lang].menu(menu);
  await ctx.reply(intro ? `${intro}\n\n${body}` : body, {
    reply_markup: officerKeyboard(menu, ctx.lang, deps.publicUrl),
  });
  return true;
}

/** `/canbo` (`/officer`) and the menu's buttons; anyone who is not an officer is told politely that it is for officers. */
export function officerFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const refuse = (ctx: BotContext) => ctx.reply(texts[ctx.lang].notOfficer);
  composer.command(['canbo', 'officer'], async (ctx) => {
    if (!(await showOfficerMenu(deps, ctx))) await refuse(ctx);
  });
  composer.callbackQuery(/^officer:(menu|web|status)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!(await scopeOfChat(ctx.chatRef))) return void (await refuse(ctx));
    if (ctx.match[1] === 'menu') return void (await showOfficerMenu(deps, ctx));
    if (ctx.match[1] === 'status') return showStatus(deps, ctx);
    const { url, expiresAt } = await issueWebLink({ kind: 'chat', ...ctx.chatRef }, 'bot', deps.web);
    await ctx.reply(texts[ctx.lang].webLink(url, expiresAt), { link_preview_options: { is_disabled: true } });
  });
  return composer;
}
