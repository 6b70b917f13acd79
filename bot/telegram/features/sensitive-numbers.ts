import { Composer } from 'grammy';
import { isComposing } from '../../../services/broadcast-chat/flow.js';
import { chatIdFor } from '../../../services/linking/chats.js';
import { claimNumbersWarning } from '../../../services/conversation/numbers-warning.js';
import { sensitiveNumberIn } from '../../../services/conversation/sensitive-numbers.js';
import { conversation as texts } from '../../../services/messages/conversation.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

/**
 * Registered first: a message (or a photo's caption) that seems to carry a full ID number, account
 * number or OTP gets the warning once, and then goes on to the other features as any message would.
 * The text is never repeated, logged or stored (except an officer's announcement being composed).
 */
export function sensitiveNumbersFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(['message:text', 'message:caption'], async (ctx, next) => {
    const text = ctx.message.text ?? ctx.message.caption ?? '';
    if (
      sensitiveNumberIn(text) &&
      !(await composingAnnouncement(ctx, deps.linking.now())) &&
      (await claimNumbersWarning(ctx.chatRef, deps.linking.now()))
    ) {
      await ctx.reply(texts[ctx.lang].numbersWarning);
      ctx.numbersWarned = true;
    }
    await next();
  });
  return composer;
}

/**
 * An officer typing commune codes or an announcement (a hotline number, say) is not warned: the text is
 * meant to be kept and sent, and the warning would say it is not. Only officers' chats pay the read.
 */
async function composingAnnouncement(ctx: BotContext, now: Date): Promise<boolean> {
  return ctx.chatState.officerId !== null && (await isComposing(chatIdFor(ctx.chatRef), now));
}
