import type { Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { Channel } from './channel.js';
import { Dispatcher, type DispatchPolicy } from './dispatcher.js';
import { parseQuietHours } from './quiet-hours.js';
import { finishAbandonedNotices, recoverStaleClaims } from './sweeper.js';
import { znsChannel } from './zns/channel.js';
import type { ZaloOa } from '../zalo/from-config.js';

/** The dispatch rules the configuration sets. */
export function dispatchPolicy(config: Config): DispatchPolicy {
  return {
    ratePerSecond: {
      telegram: config.TELEGRAM_MESSAGES_PER_SECOND,
      zalo: config.ZALO_MESSAGES_PER_SECOND,
      zns: config.ZNS_MESSAGES_PER_SECOND,
    },
    perChatIntervalMs: config.NOTIFY_PER_CHAT_INTERVAL_MS,
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    backoffMs: config.NOTIFY_BACKOFF_MS,
    backoffMaxMs: config.NOTIFY_BACKOFF_MAX_MS,
    quietHours: parseQuietHours(config.NOTIFY_QUIET_HOURS),
    pollMs: config.NOTIFY_POLL_MS,
  };
}

/** The pipeline's running parts in one process. */
export type NotificationWorker = { dispatcher: Dispatcher | null; stop(): Promise<void> };

/**
 * The ZNS channel, when ZNS_TEMPLATES is set and the Official Account is configured; it sends
 * through the process's one OA client.
 */
export function znsChannelFor(runtime: Runtime, given?: ZaloOa | null): Channel | null {
  const { config } = runtime;
  if (!config.ZNS_TEMPLATES) return null;
  const zalo = given === undefined ? runtime.zalo : given;
  if (!zalo) return null;
  return znsChannel({
    client: zalo.client,
    sealer: runtime.sealer,
    templates: config.ZNS_TEMPLATES,
    mode: config.ZNS_MODE,
    testPhones: config.ZNS_TEST_PHONES,
    rateKey: `zns:${config.ZALO_OA_ID ?? ''}`,
  });
}

/**
 * Starts the sweeper job (Agenda keeps it on one worker at a time) and, when this process has
 * channels and NOTIFY_WORKER=on, a dispatcher. The web process and `npm run worker` both call this.
 * `zalo` is the OA client ZNS sends through (the runtime's one when not given).
 */
export async function startNotifications(
  runtime: Runtime,
  chatChannels: Channel[],
  zalo?: ZaloOa | null,
): Promise<NotificationWorker> {
  const { config, log, scheduler } = runtime;
  const jobLog = log.child({ component: 'notifications' });
  const zns = znsChannelFor(runtime, zalo);
  const channels = zns ? [...chatChannels, zns] : chatChannels;
  if (config.ZNS_TEMPLATES && !zns)
    jobLog.warn('ZNS_TEMPLATES is set but the Zalo Official Account is not configured: no notice goes by ZNS');
  if (zns && config.ZNS_MODE === 'development')
    jobLog.info(
      { testPhones: config.ZNS_TEST_PHONES.length },
      'ZNS in development mode: only ZNS_TEST_PHONES receive notices, the others are recorded as skipped',
    );
  if (scheduler) {
    scheduler.define('notifications-sweep', async (_data, jlog) => {
      await recoverStaleClaims(config.NOTIFY_CLAIM_TIMEOUT_MS, jlog);
      await finishAbandonedNotices(config.NOTIFY_CLAIM_TIMEOUT_MS, jlog);
    });
    await scheduler.every(config.NOTIFY_SWEEP_EVERY_MS, 'notifications-sweep');
  }
  let dispatcher: Dispatcher | null = null;
  if (config.NOTIFY_WORKER === 'on' && channels.length) {
    dispatcher = new Dispatcher(channels, dispatchPolicy(config), jobLog);
    dispatcher.start();
    jobLog.info({ channels: channels.map((c) => c.name) }, 'notification dispatcher started');
  } else {
    jobLog.info(
      channels.length
        ? 'notification dispatcher off in this process (NOTIFY_WORKER=off)'
        : 'no chat channel configured: notifications wait in the outbox',
    );
  }
  return {
    dispatcher,
    async stop() {
      await dispatcher?.stop();
    },
  };
}
