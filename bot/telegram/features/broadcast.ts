import { Composer, InlineKeyboard } from 'grammy';
import { broadcastFlow } from '../../../services/broadcast-chat/flow.js';
import {
  actOnBroadcast,
  broadcastCards,
  BROADCAST_VERBS,
  type BroadcastVerb,
} from '../../../services/broadcast-chat/list.js';
import type { Screen } from '../../../services/broadcast-chat/screen.js';
import { AppError } from '../../../services/errors.js';
import { chatIdFor } from '../../../services/linking/chats.js';
import { scopeOfChat } from '../../../services/officers/identity.js';
import { SCOPE_WORDS, type Acting } from '../../../services/officers/scope.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';

const ID = '([0-9a-f]{24})';
const VERBS = new RegExp(`^bc:(${BROADCAST_VERBS.join('|')}):${ID}$`);

/**
 * Officers announce from the chat: `/thongbao` (`/broadcast`) walks audience → text → preview → send;
 * `/dsthongbao` (`/broadcasts`) lists the newest with progress and pause, resume, stop and approve
 * buttons. Every step is checked by services/broadcasts against the officer's scope.
 */
export function broadcastFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  /** The chat's officer acting now, or null after telling a non-officer politely. */
  async function acting(ctx: BotContext): Promise<Acting | null> {
    const scope = await scopeOfChat(ctx.chatRef);
    if (scope) {
      const at = deps.linking.now();
      return { scope, entryPoint: 'bot', via: 'telegram', now: () => at };
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: SCOPE_WORDS.notOfficer[ctx.lang], show_alert: true });
    await ctx.reply(SCOPE_WORDS.notOfficer[ctx.lang]);
    return null;
  }

  /** Runs a step; an expected refusal is said in the chat's language and the step can be tried again. */
  async function step(ctx: BotContext, run: (a: Acting) => Promise<Screen | Screen[] | null>): Promise<boolean> {
    const a = await acting(ctx);
    if (!a) return true;
    try {
      const screens = await run(a);
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      if (!screens) return false;
      for (const s of Array.isArray(screens) ? screens : [screens]) await show(ctx, s);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const text = ctx.lang === 'en' && err.en ? err.en : err.message;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      await ctx.reply(text);
    }
    return true;
  }

  const draftOf = (ctx: BotContext) => chatIdFor(ctx.chatRef);

  const start = (ctx: BotContext) => step(ctx, (a) => broadcastFlow.start(a, draftOf(ctx), ctx.lang));
  const list = (ctx: BotContext) => step(ctx, (a) => broadcastCards(a, ctx.lang));
  composer.command(['thongbao', 'broadcast'], start);
  composer.callbackQuery('bc:start', start);
  composer.command(['dsthongbao', 'broadcasts'], list);
  composer.callbackQuery('bc:list', list);
  composer.callbackQuery(/^bc:who:(beneficiaries|officers|both)$/, (ctx) =>
    step(ctx, (a) => broadcastFlow.chooseWho(a, draftOf(ctx), ctx.match[1] as 'both', ctx.lang)),
  );
  composer.callbackQuery(/^bc:area:(all|pick|\d{5})$/, (ctx) =>
    step(ctx, (a) => broadcastFlow.chooseArea(a, draftOf(ctx), ctx.match[1]!, ctx.lang)),
  );
  composer.callbackQuery('bc:abort', (ctx) => step(ctx, (a) => broadcastFlow.abort(a, draftOf(ctx), ctx.lang)));
  composer.callbackQuery(new RegExp(`^bc:send:${ID}$`), (ctx) =>
    step(ctx, (a) => broadcastFlow.send(a, draftOf(ctx), ctx.match[1]!, ctx.lang)),
  );
  composer.callbackQuery(new RegExp(`^bc:drop:${ID}$`), (ctx) =>
    step(ctx, (a) => broadcastFlow.drop(a, draftOf(ctx), ctx.match[1]!, ctx.lang)),
  );
  composer.callbackQuery(VERBS, (ctx) =>
    step(ctx, async (a) => {
      const card = await actOnBroadcast(a, ctx.match[1] as BroadcastVerb, ctx.match[2]!, ctx.lang);
      // The card changes in place; when Telegram cannot edit it (too old), it comes as a new message.
      const edited = await ctx
        .editMessageText(card.text, { reply_markup: keyboardOf(card) ?? { inline_keyboard: [] } })
        .then(() => true)
        .catch(() => false);
      return edited ? [] : card;
    }),
  );
  // Text while the officer composes: commune codes or the announcement. Anyone else's text goes on.
  composer.on('message:text', async (ctx, next) => {
    // The chat's state (read once per update) names its officer: nobody else pays a read here.
    if (ctx.message.text.startsWith('/') || !ctx.chatState.officerId) return next();
    const handled = await step(ctx, (a) => broadcastFlow.receiveText(a, draftOf(ctx), ctx.message.text, ctx.lang));
    if (!handled) await next();
  });
  return composer;
}

function keyboardOf(s: Screen): InlineKeyboard | undefined {
  if (!s.buttons.length) return undefined;
  return InlineKeyboard.from(s.buttons.map((row) => row.map((b) => InlineKeyboard.text(b.label, b.data))));
}

async function show(ctx: BotContext, s: Screen): Promise<void> {
  const reply_markup = keyboardOf(s);
  await ctx.reply(s.text, reply_markup ? { reply_markup, link_preview_options: { is_disabled: true } } : {});
}
