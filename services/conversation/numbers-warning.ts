import { chats } from '../../models/chat.js';
import { chatIdFor, type ChatRef } from '../linking/chats.js';

/**
 * How long one warning about sensitive numbers lasts: a chat is told once, and told again only a
 * month later (one payment cycle), so a person who sends several numbers in a row reads it once.
 */
export const NUMBERS_WARNING_EVERY_MS = 30 * 86_400_000;

/** Whether this chat should get the "never send these numbers" warning now; records it (without the number) when so. */
export function claimNumbersWarning(ref: ChatRef, now: Date): Promise<boolean> {
  return chats.claimNumbersWarning(chatIdFor(ref), now, NUMBERS_WARNING_EVERY_MS);
}
