import { Composer, InlineKeyboard } from 'grammy';
import { linkedRecords, unlink } from '../../../services/linking/link.js';
import { link as texts } from '../../../services/messages/link.js';
import type { BotContext } from '../update-context.js';

/** Offers one button per linked record; also the answer to a typed «hủy liên kết». */
export async function askUnlink(ctx: BotContext): Promise<void> {
  const records = await linkedRecords(ctx.chatRef);
  if (!records.length) return void (await ctx.reply(texts[ctx.lang].noLinks));
  const kb = new InlineKeyboard();
  for (const r of records) kb.text(`✖️ ${r.fullName}`, `unlink:${r.beneficiaryId}`).row();
  await ctx.reply(texts[ctx.lang].chooseUnlink, { reply_markup: kb });
}

/** `/unlink`: one button per linked record; pressing one removes that link. */
export function unlinkFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('unlink', askUnlink);
  composer.callbackQuery(/^unlink:([0-9a-f]{24})$/, async (ctx) => {
    const removed = await unlink(ctx.chatRef, ctx.match[1]!);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(removed ? texts[ctx.lang].unlinked(removed.fullName) : texts[ctx.lang].notLinked);
  });
  return composer;
}
