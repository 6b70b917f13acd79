import { chats, LANGS, type Lang } from '../../models/chat.js';
import { chatIdFor, openChat, type ChatRef } from './chats.js';

export type { Lang };

/** Remembers the chat's language; unknown values are ignored. */
export async function setChatLanguage(ref: ChatRef, lang: string): Promise<Lang> {
  const chosen: Lang = (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'vi';
  await openChat(ref);
  await chats.setLang(chatIdFor(ref), chosen);
  return chosen;
}

/** The chat's language, read without opening the chat (Vietnamese for a chat never seen). */
export async function chatLanguage(ref: ChatRef): Promise<Lang> {
  return (await chats.byId(chatIdFor(ref)))?.lang ?? 'vi';
}
