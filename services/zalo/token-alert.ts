import { officers } from '../../models/officer.js';
import type { Logger } from '../log.js';
import { enqueue } from '../notifications/outbox.js';
import { recipientsOf } from '../reminders/notices.js';
import type { ZaloTokenAlert } from './tokens.js';

/**
 * Tells every province administrator, in their chats outside Zalo (the broken token is Zalo's), that
 * the OA token could not be refreshed. The event key is the failure episode's, so two processes
 * alerting for the same episode make one notice per chat. With no such chat, the error log is the alert.
 */
export function alertProvinceAdmins(log: Logger, now: () => Date = () => new Date()): ZaloTokenAlert {
  return async (episode) => {
    const { admins } = await recipientsOf(await officers.list());
    const to = admins.filter((r) => r.channel !== 'zalo');
    log.error(
      { episode: episode.key, reason: episode.reason, administrators: to.length },
      'Zalo OA token refresh failed: alerting the province administrators',
    );
    if (!to.length) return;
    const at = now();
    await enqueue(
      to.map((r) => ({
        channel: r.channel,
        address: r.chatId,
        chatRef: r.chatRef,
        beneficiaryId: null,
        eventKey: `zalo-token-failed:${episode.key}`,
        period: at.toISOString().slice(0, 7),
        lane: 'personal' as const,
        lang: r.lang,
        template: 'zalo_token_failed' as const,
        vars: { since: episode.at.toISOString() },
      })),
      at,
    );
  };
}
