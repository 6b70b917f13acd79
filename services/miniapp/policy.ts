import type { Config } from '../config.js';
import type { Sealer } from '../crypto.js';

/** Who a Zalo access token belongs to, as Zalo's Graph API says (services/zalo/graph-api.ts): null when Zalo refuses the token, a throw when Zalo cannot be reached. */
export type ZaloIdentity = (accessToken: string) => Promise<{ id: string } | null>;

/** The rules of mini-app sign-in, from configuration. */
export type MiniappPolicy = { initDataMaxAgeS: number; sessionTtlMs: number; webLinkTtlMs: number };

/** What mini-app sign-in needs: keys, the bot token that signs Telegram init data, Zalo, a clock. */
export type MiniappContext = {
  sealer: Sealer;
  policy: MiniappPolicy;
  telegramBotToken: string | null;
  zaloIdentity: ZaloIdentity | null;
  publicUrl: string;
  now: () => Date;
};

/** The policy the issue sets: init data valid for an hour, web links for 15 minutes. */
export function miniappPolicy(
  config: Pick<Config, 'MINIAPP_INIT_DATA_MAX_AGE_S' | 'MINIAPP_SESSION_TTL_MINUTES' | 'MINIAPP_WEB_LINK_TTL_MINUTES'>,
): MiniappPolicy {
  return {
    initDataMaxAgeS: config.MINIAPP_INIT_DATA_MAX_AGE_S,
    sessionTtlMs: config.MINIAPP_SESSION_TTL_MINUTES * 60_000,
    webLinkTtlMs: config.MINIAPP_WEB_LINK_TTL_MINUTES * 60_000,
  };
}
