import { Composer } from 'grammy';
import { AppError } from '../../../services/errors.js';
import { taskTexts } from '../../../services/messages/tasks.js';
import { scopeOfChat } from '../../../services/officers/identity.js';
import { SCOPE_WORDS, type Acting } from '../../../services/officers/scope.js';
import { describeTasks } from '../../../services/reminders/task-list.js';
import { completeTask } from '../../../services/reminders/tasks.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

/** The **Done** button of a task reminder (`task:done:<taskId>`): the chat's officer closes the commune's task. */
export function tasksFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^task:done:([0-9a-f]{24})$/, async (ctx) => {
    const scope = await scopeOfChat(ctx.chatRef);
    if (!scope) {
      await ctx.answerCallbackQuery({ text: SCOPE_WORDS.notOfficer[ctx.lang], show_alert: true });
      return void (await ctx.reply(SCOPE_WORDS.notOfficer[ctx.lang]));
    }
    const at = deps.linking.now();
    const acting: Acting = { scope, entryPoint: 'bot', via: 'telegram', now: () => at };
    try {
      const task = await completeTask(acting, ctx.match[1]!, 'telegram');
      const [row] = await describeTasks([task]);
      const t = taskTexts[ctx.lang];
      await ctx.answerCallbackQuery({ text: t.doneToast });
      await ctx.reply(t.done(row!, task.status === 'done' && task.completedAt?.getTime() === at.getTime()));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const text = ctx.lang === 'en' && err.en ? err.en : err.message;
      await ctx.answerCallbackQuery({ text, show_alert: true });
      await ctx.reply(text);
    }
  });
  return composer;
}
