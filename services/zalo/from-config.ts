import type { Config } from '../config.js';
import type { Sealer } from '../crypto.js';
import type { Logger } from '../log.js';
import { createZaloOaClient, type ZaloOaClient } from './oa-client.js';
import { alertProvinceAdmins } from './token-alert.js';
import { zaloTokenStore, type ZaloTokenAlert, type ZaloTokenStore } from './tokens.js';

/** The OA client and its token store, or null when the Zalo OA is not configured. */
export type ZaloOa = { client: ZaloOaClient; tokens: ZaloTokenStore };

/**
 * Builds the OA client from configuration: once per process, in `startRuntime` (the bot, the Zalo
 * channel and ZNS share it); the CLI and separate processes build their own, and the token store's
 * lease keeps their refreshes apart. A failed refresh alerts the province administrators unless
 * `alert` says otherwise.
 */
export function zaloOaFromConfig(
  config: Config,
  deps: { sealer: Sealer; log: Logger; alert?: ZaloTokenAlert; fetch?: typeof fetch },
): ZaloOa | null {
  if (!config.ZALO_APP_ID || !config.ZALO_APP_SECRET || !config.ZALO_OA_ID) return null;
  const tokens = zaloTokenStore({
    sealer: deps.sealer,
    log: deps.log.child({ component: 'zalo-tokens' }),
    refreshMarginMs: config.ZALO_TOKEN_REFRESH_MARGIN_MINUTES * 60_000,
    alert: deps.alert ?? alertProvinceAdmins(deps.log.child({ component: 'zalo-tokens' })),
  });
  const client = createZaloOaClient({
    oaRoot: config.ZALO_OA_API_ROOT,
    oauthRoot: config.ZALO_OAUTH_ROOT,
    znsRoot: config.ZALO_ZNS_API_ROOT,
    appId: config.ZALO_APP_ID,
    appSecret: config.ZALO_APP_SECRET,
    tokens,
    fetch: deps.fetch,
  });
  return { client, tokens };
}
