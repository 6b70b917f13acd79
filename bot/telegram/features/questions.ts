import { Composer } from 'grammy';
import { intentOf, type Intent } from '../../../services/conversation/intents.js';
import { conversation as texts } from '../../../services/messages/conversation.js';
import { link as linkTexts } from '../../../services/messages/link.js';
import { start as startTexts } from '../../../services/messages/start.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { appKeyboard, mainMenu } from '../keyboards.js';
import { showHelp } from './help.js';
import { showStatus } from './status.js';
import { askUnlink } from './unlink.js';

type Answer = (ctx: BotContext, deps: BotDeps) => Promise<unknown>;

const linked = (ctx: BotContext): boolean => ctx.chatState.beneficiaryIds.length > 0;
// The same words and buttons as the link prompt: a chat with no record learns how to link first.
const linkFirst = (ctx: BotContext) => ctx.reply(linkTexts[ctx.lang].noLinks, { reply_markup: mainMenu(ctx.lang) });

/** Each intent answered as its button or command would answer it. */
const ANSWERS: Record<Intent, Answer> = {
  payment_status: (ctx, deps) => (linked(ctx) ? showStatus(deps, ctx) : linkFirst(ctx)),
  open_app: (ctx, deps) =>
    linked(ctx)
      ? ctx.reply(texts[ctx.lang].openApp, { reply_markup: appKeyboard(ctx.lang, deps.publicUrl) })
      : linkFirst(ctx),
  help: (ctx) => showHelp(ctx),
  unlink: (ctx) => askUnlink(ctx),
  thanks: (ctx) => ctx.reply(texts[ctx.lang].thanks, { reply_markup: mainMenu(ctx.lang) }),
  greeting: (ctx) =>
    ctx.reply(linked(ctx) ? texts[ctx.lang].hello : startTexts[ctx.lang].greeting, {
      reply_markup: mainMenu(ctx.lang),
    }),
};

/** Typed questions («tiền về chưa?», «giúp tôi»…): registered after linking, so a linking step in progress reads its answer first. */
export function questionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:text', async (ctx, next) => {
    const intent = intentOf(ctx.message.text);
    if (!intent) return next();
    await ANSWERS[intent](ctx, deps);
  });
  return composer;
}
