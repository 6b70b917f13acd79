import { chats, type StoredChat } from '../../models/chat.js';
import { stableId } from '../../models/ids.js';

/** A chat's stored state (language, linked records, pending step), as the services return it. */
export type ChatState = StoredChat;

/** A chat on one channel, as plain values a handler can pull out of an update. */
export type ChatRef = { channel: 'telegram' | 'zalo'; chatId: string };

/** The id of a chat's state document. */
export function chatIdFor(ref: ChatRef): string {
  return stableId('chat', ref.channel, ref.chatId);
}

/** The id of the link between a chat and a record. */
export function chatLinkIdFor(ref: ChatRef, beneficiaryId: string): string {
  return stableId('chat-link', ref.channel, ref.chatId, beneficiaryId);
}

/** Loads (or starts) a chat's state. */
export function openChat(ref: ChatRef): Promise<StoredChat> {
  return chats.open(chatIdFor(ref), ref.channel, ref.chatId);
}

/** The moment a lock ends, when the chat is locked now. */
export function lockedUntil(chat: StoredChat, now: Date): Date | null {
  return chat.lockedUntil && chat.lockedUntil > now ? chat.lockedUntil : null;
}

/**
 * Stops notices to a chat whose person left it (Zalo's unfollow); the chat is not created when it
 * never existed. Writing again (or following again) opens it, as after a block on Telegram.
 */
export async function markChatBlocked(ref: ChatRef, at: Date): Promise<void> {
  await chats.markBlocked(chatIdFor(ref), at);
}
