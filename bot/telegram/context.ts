import type { Context } from 'grammy';
import type { ChatRef, ChatState, LinkingContext } from '../../services/linking/context.js';
import type { Lang } from '../../services/messages/common.js';
import type { Logger } from '../../services/log.js';

/** What the bot needs from the process: a logger, the linking services' context and the public URL. */
export type BotDeps = { log: Logger; linking: LinkingContext; publicUrl: string; apiRoot?: string };

/** grammY's context plus what the first middleware sets: the update's logger, the chat, its stored state and language. */
export type BotContext = Context & { log: Logger; chatRef: ChatRef; chatState: ChatState; lang: Lang };
