import { Composer } from 'grammy';
import { claimNumbersWarning } from '../../../services/conversation/numbers-warning.js';
import { sensitiveNumberIn } from '../../../services/conversation/sensitive-numbers.js';
import { conversation as texts } from '../../../services/messages/conversation.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

/**
 * Registered first: a message (or a photo's caption) that seems to carry a full ID number, account
 * number or OTP gets the warning once, and then goes on to the other features as any message would.
 * The text is never repeated, logged or stored.
 */
export function sensitiveNumbersFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(['message:text', 'message:caption'], async (ctx, next) => {
    const text = ctx.message.text ?? ctx.message.caption ?? '';
    if (sensitiveNumberIn(text) && (await claimNumbersWarning(ctx.chatRef, deps.linking.now()))) {
      await ctx.reply(texts[ctx.lang].numbersWarning);
      ctx.numbersWarned = true;
    }
    await next();
  });
  return composer;
}
