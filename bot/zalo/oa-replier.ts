import type { ZaloOaClient, ZaloResult } from '../../services/zalo/oa-client.js';
import { fitToZalo, type ZaloReplier, type ZaloReply } from './replies.js';

/** A reply Zalo did not take; `failure` is the client's typed reason (outside the window, quota…). */
export class ZaloReplyFailed extends Error {
  constructor(readonly failure: Extract<ZaloResult, { ok: false }>['failure']) {
    super(`Zalo did not take a reply: ${failure.kind}`);
    this.name = 'ZaloReplyFailed';
  }
}

/**
 * The conversation's replies through the OA client, as consultation messages (they answer what the
 * person just did, so they are inside the reply window); buttons are hidden-query buttons.
 */
export function oaReplier(client: ZaloOaClient, opts: { shareImageUrl?: string } = {}): ZaloReplier {
  return {
    async send(userId: string, reply: ZaloReply): Promise<void> {
      for (const part of fitToZalo(reply)) {
        const result =
          part.kind === 'request_info'
            ? await client.requestUserInfo(userId, {
                title: part.title,
                subtitle: part.subtitle,
                ...(opts.shareImageUrl ? { imageUrl: opts.shareImageUrl } : {}),
              })
            : await client.sendText(
                userId,
                part.text,
                'cs',
                (part.buttons ?? []).map((b) => ({ kind: 'query_hide' as const, title: b.title, payload: b.payload })),
              );
        if (!result.ok) throw new ZaloReplyFailed(result.failure);
      }
    },
  };
}
