import { Composer, type FilterQuery } from 'grammy';
import type { Message } from 'grammy/types';
import { conversation as texts, type MediaKind } from '../../../services/messages/conversation.js';
import type { BotContext } from '../update-context.js';
import { mainMenu } from '../keyboards.js';

const MEDIA: FilterQuery[] = [
  'message:voice',
  'message:audio',
  'message:video_note',
  'message:sticker',
  'message:animation',
  'message:photo',
  'message:video',
  'message:document',
];

// An animation also carries a `document`, so it is told apart first.
function kindOf(m: Message): MediaKind {
  if (m.voice || m.audio || m.video_note) return 'voice';
  if (m.sticker || m.animation) return 'sticker';
  if (m.photo || m.video) return 'picture';
  return 'file';
}

/** Voice notes, stickers, photos and files: a kind reply saying what the bot can do, with the main menu. Nothing is downloaded or kept. */
export function mediaFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(MEDIA, (ctx) => ctx.reply(texts[ctx.lang].media(kindOf(ctx.msg!)), { reply_markup: mainMenu(ctx.lang) }));
  return composer;
}
