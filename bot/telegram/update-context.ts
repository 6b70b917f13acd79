import type { Context } from 'grammy';
import type { ChatRef, ChatState } from '../../services/linking/chats.js';
import type { Lang } from '../../services/messages/common.js';
import type { Logger } from '../../services/log.js';

/**
 * grammY's context plus what the first middleware sets: the update's logger, the chat, its stored state
 * and language; `numbersWarned` when this message just got the warning about sensitive numbers.
 */
export type BotContext = Context & {
  log: Logger;
  chatRef: ChatRef;
  chatState: ChatState;
  lang: Lang;
  numbersWarned?: boolean;
};
