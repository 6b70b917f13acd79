/**
 * A button under a Zalo message. Every button of the conversation is an `oa.query.hide` button:
 * pressing it sends `payload` back as a text the person does not see, and the conversation reads
 * it as Telegram reads a callback query (the same data: `status:1`, `task:done:<id>`…).
 */
export type ZaloButton = { title: string; payload: string };

/** One reply of the conversation: a text (with buttons under it), or Zalo's request-information card. */
export type ZaloReply =
  { kind: 'text'; text: string; buttons?: ZaloButton[] } | { kind: 'request_info'; title: string; subtitle: string };

/** Zalo's limits on a consultation message (OA API v3): text length, buttons per message, a button's title and payload. */
export const ZALO_LIMITS = {
  text: 2000,
  buttons: 5,
  buttonTitle: 100,
  payload: 1000,
  cardTitle: 100,
  cardSubtitle: 500,
};

const cut = (s: string, max: number): string => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/**
 * Cuts a text into pieces Zalo accepts, at line breaks where it can (a status view of several
 * records can pass the limit); a single line longer than the limit is cut at spaces.
 */
export function splitText(text: string, max = ZALO_LIMITS.text): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = (line: string) => {
    const joined = current ? `${current}\n${line}` : line;
    if ([...joined].length <= max) return void (current = joined);
    if (current) pieces.push(current);
    current = '';
    let rest = line;
    while ([...rest].length > max) {
      const chars = [...rest];
      const head = chars.slice(0, max).join('');
      const space = head.lastIndexOf(' ');
      const at = space > max / 2 ? space : head.length;
      pieces.push(rest.slice(0, at).trimEnd());
      rest = rest.slice(at).trimStart();
    }
    current = rest;
  };
  for (const line of text.split('\n')) push(line);
  if (current || !pieces.length) pieces.push(current);
  return pieces;
}

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
  const texts = splitText(reply.text);
  const out: ZaloReply[] = texts.map((text) => ({ kind: 'text', text }));
  const groups: ZaloButton[][] = [];
  for (let i = 0; i < buttons.length; i += ZALO_LIMITS.buttons) groups.push(buttons.slice(i, i + ZALO_LIMITS.buttons));
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
