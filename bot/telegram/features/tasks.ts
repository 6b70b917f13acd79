import { Composer } from 'grammy';
import { AppError } from '../../../services/errors.js';
import { taskTexts } from '../../../services/messages/tasks.js';
import { SCOPE_WORDS } from '../../../services/officers/scope.js';
import { completeTaskFromChat } from '../../../services/reminders/done-from-chat.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

/** The **Done** button of a task reminder (`task:done:<taskId>`): the chat's officer closes the commune's task. */
export function tasksFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^task:done:([0-9a-f]{24})$/, async (ctx) => {
    try {
      const outcome = await completeTaskFromChat(ctx.chatRef, ctx.match[1]!, deps.linking.now);
      if (outcome.kind === 'not_officer') {
        await ctx.answerCallbackQuery({ text: SCOPE_WORDS.notOfficer[ctx.lang], show_alert: true });
        return void (await ctx.reply(SCOPE_WORDS.notOfficer[ctx.lang]));
      }
      const t = taskTexts[ctx.lang];
      await ctx.answerCallbackQuery({ text: t.doneToast });
      await ctx.reply(t.done(outcome.row, outcome.justNow));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const text = ctx.lang === 'en' && err.en ? err.en : err.message;
      await ctx.answerCallbackQuery({ text, show_alert: true });
      await ctx.reply(text);
    }
  });
  return composer;
}
