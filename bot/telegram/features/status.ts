import { Composer } from 'grammy';
import { menuLabels } from '../../../services/messages/common.js';
import { renderStatus } from '../../../services/messages/status.js';
import { paymentStatus } from '../../../services/status/payment-status.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { statusKeyboard } from '../keyboards.js';

/** Replies with the latest periods; also the answer to a typed «tiền về chưa?». */
export async function showStatus(deps: BotDeps, ctx: BotContext): Promise<void> {
  const view = await paymentStatus({ now: deps.linking.now, log: ctx.log }, ctx.chatRef, 0, ctx.chatState);
  await ctx.reply(renderStatus(view, ctx.lang), { reply_markup: statusKeyboard(view, ctx.lang, deps.publicUrl) });
}

/** `/status` and the menu button show the latest periods; inline buttons page to older ones in place. */
export function statusFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const show = (ctx: BotContext) => showStatus(deps, ctx);
  composer.command('status', show);
  composer.hears(menuLabels('statusButton'), show);
  composer.callbackQuery(/^status:(\d{1,2})$/, async (ctx) => {
    const view = await paymentStatus(
      { now: deps.linking.now, log: ctx.log },
      ctx.chatRef,
      Number(ctx.match[1]),
      ctx.chatState,
    );
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(renderStatus(view, ctx.lang), {
      reply_markup: statusKeyboard(view, ctx.lang, deps.publicUrl),
    });
  });
  return composer;
}
