import type { LinkingContext } from '../../services/linking/policy.js';
import type { Logger } from '../../services/log.js';
import type { MiniappContext } from '../../services/miniapp/policy.js';

/** What the bot needs from the process: a logger, the linking services' context, the public URL and what web links need. */
export type BotDeps = {
  log: Logger;
  linking: LinkingContext;
  publicUrl: string;
  apiRoot?: string;
  web: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>;
};
