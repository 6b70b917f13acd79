import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type BotError } from 'grammy';
import { withCorrelation } from '../../services/correlation.js';
import { handleError } from '../../services/errors.js';
import { openChat } from '../../services/linking/chats.js';
import { common } from '../../services/messages/common.js';
import type { BotContext } from './update-context.js';
import type { BotDeps } from './deps.js';
import { broadcastFeature } from './features/broadcast.js';
import { helpFeature } from './features/help.js';
import { langFeature } from './features/lang.js';
import { linkFeature } from './features/link.js';
import { mediaFeature } from './features/media.js';
import { officerFeature } from './features/officer.js';
import { questionsFeature } from './features/questions.js';
import { sensitiveNumbersFeature } from './features/sensitive-numbers.js';
import { startFeature } from './features/start.js';
import { webFeature } from './features/web.js';
import { statusFeature } from './features/status.js';
import { tasksFeature } from './features/tasks.js';
import { unknownFeature } from './features/unknown.js';
import { unlinkFeature } from './features/unlink.js';

export type { BotContext, BotDeps };

/**
 * Builds the beneficiaries' bot: every feature behind one error boundary; the sensitive-number warning
 * first (it sees every message), typed questions and media after linking, the unknown-text hint last.
 */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: deps.apiRoot ?? 'https://api.telegram.org' } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  // Each update is an entry: its log lines and the notices it creates carry one correlation id.
  bot.use((ctx, next) =>
    withCorrelation(null, async () => {
      ctx.log = deps.log.child({ updateId: ctx.update.update_id });
      // The first line of the trail: what came in, under the id its notices and provider calls will carry.
      ctx.log.debug({ kind: Object.keys(ctx.update).find((k) => k !== 'update_id') }, 'update received');
      if (ctx.chat?.type !== 'private') return; // the bot serves private chats only
      if (typeof ctx.chat.id !== 'number') return; // not from Telegram, whatever the secret says
      ctx.chatRef = { channel: 'telegram', chatId: String(ctx.chat.id) };
      ctx.chatState = await openChat(ctx.chatRef); // read once per update; read-only handlers reuse it
      ctx.lang = ctx.chatState.lang;
      await next();
    }),
  );

  const features = bot.errorBoundary(onFeatureError);
  features.use(
    sensitiveNumbersFeature(deps),
    startFeature(deps),
    officerFeature(deps),
    tasksFeature(deps),
    broadcastFeature(deps),
    langFeature(),
    helpFeature(),
    statusFeature(deps),
    webFeature(deps),
    unlinkFeature(),
    linkFeature(deps),
    questionsFeature(deps),
    mediaFeature(),
    unknownFeature(),
  );

  bot.catch((err) => {
    handleError(err.error, err.ctx.log ?? deps.log, { updateId: err.ctx.update.update_id });
  });
  return bot;
}

/** Logs through the one error handler and tells the person, in their language, what happened. */
async function onFeatureError(err: BotError<BotContext>): Promise<void> {
  const ctx = err.ctx;
  const outcome = handleError(err.error, ctx.log, { updateId: ctx.update.update_id });
  const text = outcome.code === 'internal' ? common[ctx.lang ?? 'vi'].internalError : outcome.message;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(text).catch((e: unknown) => ctx.log.warn({ err: e }, 'could not send the error reply'));
}
