import { Composer } from 'grammy';
import { setChatLanguage } from '../../../services/linking/language.js';
import { common } from '../../../services/messages/common.js';
import { start as texts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import { languageKeyboard, mainMenu } from '../keyboards.js';

/** `/lang` offers Vietnamese or English; the menu's language button switches to the other one directly. */
export function langFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('lang', (ctx) => ctx.reply(texts[ctx.lang].chooseLanguage, { reply_markup: languageKeyboard() }));
  composer.callbackQuery(/^lang:(vi|en)$/, async (ctx) => {
    const lang = await setChatLanguage(ctx.chatRef, ctx.match[1]!);
    await ctx.answerCallbackQuery();
    await ctx.reply(texts[lang].languageSet, { reply_markup: mainMenu(lang) });
  });
  composer.hears([common.vi.otherLanguageButton, common.en.otherLanguageButton], async (ctx) => {
    const lang = await setChatLanguage(ctx.chatRef, ctx.message?.text === common.vi.otherLanguageButton ? 'en' : 'vi');
    await ctx.reply(texts[lang].languageSet, { reply_markup: mainMenu(lang) });
  });
  return composer;
}
