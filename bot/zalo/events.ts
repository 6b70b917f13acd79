import type { MediaKind } from '../../services/messages/conversation.js';

/**
 * The OA webhook events the conversation handles, as plain values. `userId` is the follower's id
 * within the OA (`sender.id`, or `follower.id` on follow/unfollow): the id OA messages are sent to.
 * A button press arrives as `text`: Zalo's `oa.query.hide` buttons send their payload as a
 * `user_send_text` message the person does not see in the chat.
 */
export type ZaloEvent =
  | { kind: 'follow'; userId: string }
  | { kind: 'unfollow'; userId: string }
  | { kind: 'text'; userId: string; text: string }
  | { kind: 'shared_info'; userId: string; phone: string | null }
  | { kind: 'media'; userId: string; media: MediaKind };

/**
 * An event with what identifies it: `key` is the same for every delivery of one event;
 * `appUserId` is the person's id within the Zalo app (`user_id_by_app`), which the mini app sees.
 */
export type ParsedZaloEvent = {
  key: string;
  eventName: string;
  userId: string;
  appUserId: string | null;
  event: ZaloEvent;
};

// What people can send besides text; Zalo names each kind in the event name.
const MEDIA_EVENTS: Record<string, MediaKind> = {
  user_send_image: 'picture',
  user_send_gif: 'picture',
  user_send_video: 'picture',
  user_send_sticker: 'sticker',
  user_send_audio: 'voice',
  user_send_voice: 'voice',
  user_send_file: 'file',
  user_send_link: 'file',
  user_send_location: 'file',
  user_send_business_card: 'file',
};

type Body = {
  event_name?: unknown;
  user_id_by_app?: unknown;
  timestamp?: unknown;
  sender?: { id?: unknown };
  follower?: { id?: unknown };
  message?: { msg_id?: unknown; text?: unknown };
  info?: { phone?: unknown };
};

const str = (v: unknown): string | null =>
  typeof v === 'string' && v ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

/**
 * Reads an OA webhook body; null for events the conversation does not handle (the OA's own
 * messages echoed back, delivery and seen receipts, and anything unknown).
 */
export function parseZaloEvent(body: unknown): ParsedZaloEvent | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Body;
  const eventName = str(b.event_name);
  if (!eventName) return null;
  const userId = eventName === 'follow' || eventName === 'unfollow' ? str(b.follower?.id) : str(b.sender?.id);
  if (!userId) return null;
  const msgId = str(b.message?.msg_id);
  // Messages carry Zalo's own id; follow, unfollow and shared information only their time.
  const key = msgId ? `msg:${msgId}` : `${eventName}:${userId}:${str(b.timestamp) ?? ''}`;
  const appUserId = str(b.user_id_by_app);
  const make = (event: ZaloEvent): ParsedZaloEvent => ({ key, eventName, userId, appUserId, event });
  if (eventName === 'follow') return make({ kind: 'follow', userId });
  if (eventName === 'unfollow') return make({ kind: 'unfollow', userId });
  if (eventName === 'user_send_text') return make({ kind: 'text', userId, text: str(b.message?.text) ?? '' });
  if (eventName === 'user_submit_info') return make({ kind: 'shared_info', userId, phone: str(b.info?.phone) });
  const media = MEDIA_EVENTS[eventName];
  return media ? make({ kind: 'media', userId, media }) : null;
}

/** The body's `timestamp` (milliseconds since the epoch, as Zalo sends it), or null when absent. */
export function timestampOf(body: unknown): { text: string; ms: number } | null {
  const text = body && typeof body === 'object' ? str((body as Body).timestamp) : null;
  if (!text || !/^\d{1,16}$/.test(text)) return null;
  return { text, ms: Number(text) };
}
