import type { Context } from 'grammy';
import type { ChatRef, ChatState, LinkingContext } from '../../services/linking/context.js';
import type { Lang } from '../../services/messages/common.js';
import type { Logger } from '../../services/log.js';
import type { MiniappContext } from '../../services/miniapp/context.js';

/** What the bot needs from the process: a logger, the linking services' context, the public URL and what web links need. */
export type BotDeps = {
  log: Logger;
  linking: LinkingContext;
  publicUrl: string;
  apiRoot?: string;
  web: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>;
};

/** grammY's context plus what the first middleware sets: the update's logger, the chat, its stored state and language. */
export type BotContext = Context & { log: Logger; chatRef: ChatRef; chatState: ChatState; lang: Lang };
