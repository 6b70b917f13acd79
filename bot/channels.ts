import type { Config } from '../services/config.js';
import type { Channel } from '../services/notifications/channel.js';
import { telegramChannel } from './telegram/channel.js';

/** The chat channels this configuration can send through (Zalo joins when its client exists). */
export function channelsFromConfig(config: Config): Channel[] {
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
  return out;
}
