import { Composer } from 'grammy';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import { mainMenu } from '../keyboards.js';

/** Registered last: any message nothing else understood gets a short hint, never silence (the numbers warning counts as an answer). */
export function unknownFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message', async (ctx) => {
    if (ctx.numbersWarned) return;
    await ctx.reply(texts[ctx.lang].unknown, { reply_markup: mainMenu(ctx.lang) });
  });
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return composer;
}
