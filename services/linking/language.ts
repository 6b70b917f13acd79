import { chats, LANGS, type Lang } from '../../models/chat.js';
import { chatIdFor, openChat, type ChatRef } from './context.js';

export type { Lang };

/** The language a chat reads (Vietnamese until the person chooses English). */
export async function chatLanguage(ref: ChatRef): Promise<Lang> {
  return (await openChat(ref)).lang;
}

/** Remembers the chat's language; unknown values are ignored. */
export async function setChatLanguage(ref: ChatRef, lang: string): Promise<Lang> {
  const chosen: Lang = (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'vi';
  await openChat(ref);
  await chats.setLang(chatIdFor(ref), chosen);
  return chosen;
}
