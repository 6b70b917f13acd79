import { Composer } from 'grammy';
import { redeemCode } from '../../../services/linking/link.js';
import { renderLinkOutcome } from '../../../services/messages/link.js';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { mainMenu } from '../keyboards.js';
import { showOfficerMenu } from './officer.js';

/**
 * `/start`: the greeting and main menu (an officer's chat: the officer menu); `/start CODE` (a t.me
 * deep link) redeems a link code or an officer invite.
 */
export function startFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('start', async (ctx) => {
    const code = ctx.match.trim();
    if (!code) {
      if (ctx.chatState.officerId && (await showOfficerMenu(deps, ctx))) return;
      return void (await ctx.reply(texts[ctx.lang].greeting, { reply_markup: mainMenu(ctx.lang) }));
    }
    const outcome = await redeemCode(deps.linking, ctx.chatRef, code);
    if (outcome.kind === 'officer' && (await showOfficerMenu(deps, ctx, renderLinkOutcome(outcome, ctx.lang)))) return;
    await ctx.reply(renderLinkOutcome(outcome, ctx.lang), { reply_markup: mainMenu(ctx.lang) });
  });
  return composer;
}
