import { splitText } from '../../services/zalo/channel.js';
import { BUTTON_LIMIT, CS_TEXT_LIMIT } from '../../services/zalo/oa-client.js';

/**
 * A button under a Zalo message. Every button of the conversation is an `oa.query.hide` button:
 * pressing it sends `payload` back as a text the person does not see, and the conversation reads
 * it as Telegram reads a callback query (the same data: `status:1`, `task:done:<id>`…).
 */
export type ZaloButton = { title: string; payload: string };

/** One reply of the conversation: a text (with buttons under it), or Zalo's request-information card. */
export type ZaloReply =
  { kind: 'text'; text: string; buttons?: ZaloButton[] } | { kind: 'request_info'; title: string; subtitle: string };

/** Zalo's limits the client does not apply itself: a button's title, the request-information card's texts. */
export const ZALO_LIMITS = { buttonTitle: 100, cardTitle: 100, cardSubtitle: 500 };

const cut = (s: string, max: number): string => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/**
 * A reply as the messages Zalo accepts: long texts in several pieces, the buttons under the last
 * one (at most five per message: more go under an empty-looking continuation), titles and card
 * texts cut to Zalo's lengths.
 */
export function fitToZalo(reply: ZaloReply): ZaloReply[] {
  if (reply.kind === 'request_info')
    return [
      {
        kind: 'request_info',
        title: cut(reply.title, ZALO_LIMITS.cardTitle),
        subtitle: cut(reply.subtitle, ZALO_LIMITS.cardSubtitle),
      },
    ];
  const buttons = (reply.buttons ?? []).map((b) => ({
    title: cut(b.title, ZALO_LIMITS.buttonTitle),
    payload: b.payload,
  }));
  const texts = splitText(reply.text, CS_TEXT_LIMIT);
  if (!texts.length) texts.push('…');
  const out: ZaloReply[] = texts.map((text) => ({ kind: 'text', text }));
  const groups: ZaloButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTON_LIMIT) groups.push(buttons.slice(i, i + BUTTON_LIMIT));
  groups.forEach((group, i) => {
    if (i === 0) out[out.length - 1] = { kind: 'text', text: texts[texts.length - 1]!, buttons: group };
    else out.push({ kind: 'text', text: '…', buttons: group });
  });
  return out;
}

/** Sends the conversation's replies to one person (Zalo's OA client, as consultation messages). */
export interface ZaloReplier {
  send(userId: string, reply: ZaloReply): Promise<void>;
}
