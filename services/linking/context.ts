import { chats, type StoredChat } from '../../models/chat.js';
import type { Config } from '../config.js';
import { stableId, type Sealer } from '../crypto.js';

/** The rules of linking, from configuration. */
export type LinkPolicy = {
  codeTtlDays: number;
  maxFailures: number;
  failureWindowMs: number;
  lockMs: number;
  pendingMs: number;
};

/** What linking and status services need: keys, rules and a clock (tests move it). */
export type LinkingContext = { sealer: Sealer; policy: LinkPolicy; now: () => Date };

/** A chat's stored state (language, linked records, pending step), as the services return it. */
export type ChatState = StoredChat;

/** A chat on one channel, as plain values a handler can pull out of an update. */
export type ChatRef = { channel: 'telegram' | 'zalo'; chatId: string };

const HOUR = 3_600_000;

/** The policy the issue sets: codes live 14 days, 5 failures in an hour lock the chat for an hour. */
export function linkPolicy(config: Pick<Config, 'LINK_CODE_TTL_DAYS' | 'LINK_MAX_FAILURES'>): LinkPolicy {
  return {
    codeTtlDays: config.LINK_CODE_TTL_DAYS,
    maxFailures: config.LINK_MAX_FAILURES,
    failureWindowMs: HOUR,
    lockMs: HOUR,
    pendingMs: HOUR / 4,
  };
}

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
