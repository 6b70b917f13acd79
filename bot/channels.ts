import type { Config } from '../services/config.js';
import type { Sealer } from '../services/crypto.js';
import type { Logger } from '../services/log.js';
import type { Channel } from '../services/notifications/channel.js';
import { ZaloChannel } from '../services/zalo/channel.js';
import { zaloOaFromConfig, type ZaloOa } from '../services/zalo/from-config.js';
import { telegramChannel } from './telegram/channel.js';

/** The chat channels this configuration can send through: Telegram with a bot token, Zalo with an OA. */
export function channelsFromConfig(
  config: Config,
  deps?: { sealer: Sealer; log: Logger; zalo?: ZaloOa | null },
): Channel[] {
  const out: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    out.push(
      telegramChannel(config.TELEGRAM_BOT_TOKEN, {
        apiRoot: config.TELEGRAM_API_ROOT,
        paidBroadcast: config.TELEGRAM_PAID_BROADCAST === 'on',
        publicUrl: config.PUBLIC_URL,
      }),
    );
  }
  // A process passes its runtime, whose one OA client the channel shares; a bare configuration builds one.
  const zalo = deps?.zalo !== undefined ? deps.zalo : deps ? zaloOaFromConfig(config, deps) : null;
  if (zalo && config.ZALO_OA_ID) {
    out.push(
      new ZaloChannel(zalo.client, {
        oaId: config.ZALO_OA_ID,
        miniAppId: config.ZALO_MINIAPP_ID,
        publicUrl: config.PUBLIC_URL,
      }),
    );
  }
  return out;
}
