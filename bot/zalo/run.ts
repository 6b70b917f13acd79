import type { RequestHandler } from 'express';
import type { Config } from '../../services/config.js';
import type { Scheduler } from '../../services/jobs/scheduler.js';
import type { LinkingContext } from '../../services/linking/policy.js';
import type { Logger } from '../../services/log.js';
import { miniappPolicy } from '../../services/miniapp/policy.js';
import type { ZaloOaClient } from '../../services/zalo/oa-client.js';
import { oaReplier } from './oa-replier.js';
import { zaloEventProcessor, type ZaloEventProcessor, type ZaloProcessingPolicy } from './processor.js';
import { ZALO_WEBHOOK_PATH, zaloWebhookRoute } from './webhook.js';

export { ZALO_WEBHOOK_PATH };

/** The Zalo OA conversation, ready to mount: its webhook route, the processor behind it, and `stop` at shutdown. */
export type ZaloRunner = { webhook: RequestHandler; processor: ZaloEventProcessor; stop(): Promise<void> };

/** The Agenda job that takes up stored events nobody finished. */
export const ZALO_SWEEP_JOB = 'zalo-events-sweep';

/**
 * Builds the conversation from configuration and the process's one OA client, or returns null (and
 * says why) when the OA is not configured or its secret key, which checks the webhook, is missing.
 * With a scheduler, the sweep runs every `ZALO_EVENT_SWEEP_EVERY_MS` in one process at a time.
 */
export async function prepareZalo(
  config: Config,
  deps: {
    linking: LinkingContext;
    log: Logger;
    client: ZaloOaClient | null;
    scheduler: Scheduler | null;
    policy?: Partial<ZaloProcessingPolicy>;
  },
): Promise<ZaloRunner | null> {
  const log = deps.log.child({ component: 'zalo' });
  if (!deps.client || !config.ZALO_APP_ID) {
    log.info('Zalo OA conversation disabled: ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_ID not set');
    return null;
  }
  if (!config.ZALO_OA_SECRET_KEY) {
    log.warn('Zalo OA conversation disabled: ZALO_OA_SECRET_KEY (which checks the webhook) not set');
    return null;
  }
  const { linking } = deps;
  const web = { sealer: linking.sealer, policy: miniappPolicy(config), publicUrl: config.PUBLIC_URL, now: linking.now };
  const processor = zaloEventProcessor({
    sealer: linking.sealer,
    now: linking.now,
    log,
    conversation: { linking, web },
    replier: oaReplier(deps.client, { shareImageUrl: config.ZALO_SHARE_PHONE_IMAGE_URL }),
    policy: { keepMs: Math.max(86_400_000, 2 * config.ZALO_WEBHOOK_MAX_AGE_S * 1000), ...deps.policy },
  });
  const webhook = zaloWebhookRoute({
    appId: config.ZALO_APP_ID,
    oaSecretKey: config.ZALO_OA_SECRET_KEY,
    maxAgeMs: config.ZALO_WEBHOOK_MAX_AGE_S * 1000,
    sealer: linking.sealer,
    now: linking.now,
    log,
    onStored: (id, userId) => processor.enqueue(id, userId),
  });
  if (deps.scheduler) {
    deps.scheduler.define(ZALO_SWEEP_JOB, async (_data, jlog) => {
      const { handled, pruned } = await processor.sweep();
      if (handled || pruned) jlog.info({ handled, pruned }, 'Zalo events swept');
    });
    await deps.scheduler.every(config.ZALO_EVENT_SWEEP_EVERY_MS, ZALO_SWEEP_JOB);
  }
  log.info({ path: ZALO_WEBHOOK_PATH }, `Zalo OA webhook at ${config.PUBLIC_URL}${ZALO_WEBHOOK_PATH}`);
  return { webhook, processor, stop: () => processor.idle() };
}
