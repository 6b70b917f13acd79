import { Composer } from 'grammy';
import { menuLabels } from '../../../services/messages/common.js';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import { mainMenu } from '../keyboards.js';

/** `/help` and the menu's help button explain every command. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const help = (ctx: BotContext) => ctx.reply(texts[ctx.lang].help, { reply_markup: mainMenu(ctx.lang) });
  composer.command('help', help);
  composer.hears(menuLabels('helpButton'), help);
  return composer;
}
