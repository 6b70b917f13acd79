import { zaloGraphApi, ZaloGraphError } from '../services/zalo/graph-api.js';
import { broadcastPolicy } from '../services/broadcasts/policy.js';
import type { Config } from '../services/config.js';
import type { Sealer } from '../services/crypto.js';
import type { Logger } from '../services/log.js';
import { miniappPolicy, type MiniappContext, type ZaloIdentity } from '../services/miniapp/policy.js';
import type { MiniappHttpDeps } from './routes/app-api.js';
import type { MachineApiDeps } from './routes/machine-api.js';

/** Zalo's answer as the domain wants it: null for a token Zalo refuses, a throw when Zalo is unreachable. */
function zaloIdentityOf(root: string, appSecret: string | undefined): ZaloIdentity {
  const api = zaloGraphApi({ root, ...(appSecret ? { appSecret } : {}) });
  return async (accessToken) => {
    try {
      return { id: (await api.me(accessToken)).id };
    } catch (err) {
      if (err instanceof ZaloGraphError && err.kind === 'invalid_token') return null;
      throw err;
    }
  };
}

/** The mini-app's sign-in context from configuration (also used by the CLI and the bot to issue web links). */
export function miniappContext(config: Config, sealer: Sealer): MiniappContext {
  return {
    sealer,
    policy: miniappPolicy(config),
    telegramBotToken: config.TELEGRAM_BOT_TOKEN ?? null,
    zaloIdentity: zaloIdentityOf(config.ZALO_GRAPH_API_ROOT, config.ZALO_APP_SECRET),
    publicUrl: config.PUBLIC_URL,
    now: () => new Date(),
  };
}

/** Everything the HTTP side of the mini-app needs, from configuration. */
export function miniappHttpDeps(config: Config, sealer: Sealer, log: Logger): MiniappHttpDeps {
  return {
    ctx: miniappContext(config, sealer),
    log,
    secureCookies: config.isProduction,
    perUserPerMinute: config.MINIAPP_RATE_PER_MINUTE,
    perIpPerMinute: config.MINIAPP_IP_RATE_PER_MINUTE,
    corsOrigins: config.MINIAPP_CORS_ORIGINS?.split(',') ?? [],
    broadcastPolicy: broadcastPolicy(config),
  };
}

/** Everything the machine API (/api/v1) needs, from configuration. */
export function machineApiDeps(config: Config, sealer: Sealer, log: Logger): MachineApiDeps & { publicUrl: string } {
  return {
    sealer,
    log,
    perKeyPerMinute: config.API_RATE_PER_MINUTE,
    maxRows: config.API_MAX_ROWS,
    broadcastPolicy: broadcastPolicy(config),
    now: () => new Date(),
    publicUrl: config.PUBLIC_URL,
  };
}
