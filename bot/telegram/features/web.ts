import { Composer } from 'grammy';
import { linkedRecords } from '../../../services/linking/link.js';
import { link as linkTexts } from '../../../services/messages/link.js';
import { web as texts } from '../../../services/messages/web.js';
import { issueWebLink } from '../../../services/miniapp/web-links.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

/** `/web` and the "open in a browser" button: a single-use link to the mini-app for this chat's records. */
export function webFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const send = async (ctx: BotContext) => {
    if (!(await linkedRecords(ctx.chatRef)).length) return void (await ctx.reply(linkTexts[ctx.lang].noLinks));
    const { url, expiresAt } = await issueWebLink(
      { kind: 'chat', channel: ctx.chatRef.channel, chatId: ctx.chatRef.chatId },
      'bot',
      deps.web,
    );
    // No preview: Telegram would fetch the page; the link only shows a button, but nobody needs the preview.
    await ctx.reply(texts[ctx.lang].link(url, expiresAt), { link_preview_options: { is_disabled: true } });
  };
  composer.command('web', send);
  composer.callbackQuery('web:open', async (ctx) => {
    await ctx.answerCallbackQuery();
    await send(ctx);
  });
  return composer;
}
