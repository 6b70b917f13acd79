import { Composer } from 'grammy';
import { acceptContact, answerText } from '../../../services/linking/link.js';
import { renderLinkOutcome } from '../../../services/messages/link.js';
import type { BotContext } from '../update-context.js';
import type { BotDeps } from '../deps.js';
import { mainMenu } from '../keyboards.js';
import { showOfficerMenu } from './officer.js';

/** Linking: a shared contact starts it; a text may answer the second-factor question, or be a link code or an officer invite. */
export function linkFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:contact', async (ctx) => {
    const contact = ctx.message.contact;
    const outcome = await acceptContact(deps.linking, ctx.chatRef, {
      senderId: String(ctx.from.id),
      contactUserId: contact.user_id === undefined ? null : String(contact.user_id),
      phone: contact.phone_number,
    });
    await ctx.reply(renderLinkOutcome(outcome, ctx.lang), { reply_markup: { remove_keyboard: true } });
  });
  composer.on('message:text', async (ctx, next) => {
    const outcome = await answerText(deps.linking, ctx.chatRef, ctx.message.text);
    if (outcome.kind === 'not_for_me') return next();
    if (outcome.kind === 'officer' && (await showOfficerMenu(deps, ctx, renderLinkOutcome(outcome, ctx.lang)))) return;
    const menu = outcome.kind === 'linked' || outcome.kind === 'locked' ? { reply_markup: mainMenu(ctx.lang) } : {};
    await ctx.reply(renderLinkOutcome(outcome, ctx.lang), menu);
  });
  return composer;
}
