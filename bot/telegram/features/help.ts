import { Composer } from 'grammy';
import { menuLabels } from '../../../services/messages/common.js';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import { mainMenu } from '../keyboards.js';

/** Replies with the help text and the main menu; also the answer to a typed «giúp tôi». */
export async function showHelp(ctx: BotContext): Promise<void> {
  await ctx.reply(texts[ctx.lang].help, { reply_markup: mainMenu(ctx.lang) });
}

/** `/help` and the menu's help button explain every command. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('help', showHelp);
  composer.hears(menuLabels('helpButton'), showHelp);
  return composer;
}
