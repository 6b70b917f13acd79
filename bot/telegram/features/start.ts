import { Composer } from 'grammy';
import { redeemCode } from '../../../services/linking/link.js';
import { renderLinkOutcome } from '../../../services/messages/link.js';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { mainMenu } from '../keyboards.js';

/** `/start`: the greeting and main menu; `/start CODE` (a t.me deep link) redeems a link code. */
export function startFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('start', async (ctx) => {
    const code = ctx.match.trim();
    if (!code) return void (await ctx.reply(texts[ctx.lang].greeting, { reply_markup: mainMenu(ctx.lang) }));
    const outcome = await redeemCode(deps.linking, ctx.chatRef, code);
    await ctx.reply(renderLinkOutcome(outcome, ctx.lang), { reply_markup: mainMenu(ctx.lang) });
  });
  return composer;
}
