import type {
  AppSection,
  Channel,
  ChannelFailure,
  MessageButton,
  OutgoingMessage,
  SendResult,
} from '../notifications/channel.js';
import type { ZaloFailure } from './oa-errors.js';
import {
  CS_TEXT_LIMIT,
  TRANSACTION_TEXT_LIMIT,
  type ZaloButton,
  type ZaloMessageKind,
  type ZaloOaClient,
} from './oa-client.js';

export type ZaloChannelOptions = {
  /** The OA's id: Zalo's quotas and rate limits are per OA, whichever process sends. */
  oaId: string;
  /** Opens mini-app sections inside Zalo when set (`https://zalo.me/s/<id>/…`); otherwise the web address. */
  miniAppId?: string;
  publicUrl: string;
};

/** Where each section opens, relative to the mini-app's (or the web app's) start page. */
const SECTIONS: Record<AppSection, string> = { beneficiary: '', officer: '?section=officer' };

/** How long the whole Zalo channel pauses when the OA's quota is used up (Zalo does not say when it comes back). */
export const QUOTA_PAUSE_MS = 60 * 60_000;

/**
 * The Zalo edge of the notification pipeline. A notice goes as a consultation message (free, inside
 * the 7-day reply window); outside the window a personal notice goes as a transaction message (Zalo
 * allows these for notices about the person's own affairs), a bulk one (a broadcast) does not.
 * Text longer than Zalo's limit (2000 characters for consultation, 1000 for a transaction text
 * element) is sent in parts cut at line breaks, the buttons under the last part.
 */
export class ZaloChannel implements Channel {
  readonly name = 'zalo' as const;
  readonly rateKey: string;

  constructor(
    private readonly client: ZaloOaClient,
    private readonly opts: ZaloChannelOptions,
  ) {
    this.rateKey = `zalo:${opts.oaId}`;
  }

  async send(recipient: string, message: OutgoingMessage): Promise<SendResult> {
    const buttons = (message.buttons ?? []).map((b) => this.buttonOf(b));
    const first = await this.sendAs('cs', recipient, message.text, buttons);
    if (first.ok || first.failure.kind !== 'outside_window' || message.lane !== 'personal')
      return first.ok
        ? { ok: true, providerMessageId: first.messageId }
        : { ok: false, failure: channelFailureOf(first.failure) };
    const second = await this.sendAs('transaction', recipient, message.text, buttons);
    return second.ok
      ? { ok: true, providerMessageId: second.messageId }
      : { ok: false, failure: channelFailureOf(second.failure) };
  }

  /** Sends the text in as many parts as the kind's limit needs; the id of the first part, or the first failure. */
  private async sendAs(kind: ZaloMessageKind, recipient: string, text: string, buttons: ZaloButton[]) {
    const parts = splitText(text, kind === 'cs' ? CS_TEXT_LIMIT : TRANSACTION_TEXT_LIMIT);
    let firstId: string | null = null;
    for (const [i, part] of parts.entries()) {
      const sent = await this.client.sendText(recipient, part, kind, i === parts.length - 1 ? buttons : []);
      if (!sent.ok) return sent;
      firstId ??= sent.messageId;
    }
    return { ok: true as const, messageId: firstId ?? '' };
  }

  /**
   * A mini-app section opens as a link (to the Zalo Mini App when configured, else the web app); a
   * callback is Zalo's query-hide button, whose payload comes back to the OA webhook as the person's
   * message without showing them the raw data.
   */
  private buttonOf(b: MessageButton): ZaloButton {
    if (b.kind === 'callback') return { kind: 'query_hide', title: b.label, payload: b.data };
    const base = this.opts.miniAppId ? `https://zalo.me/s/${this.opts.miniAppId}/` : `${this.opts.publicUrl}/app`;
    return { kind: 'url', title: b.label, url: `${base}${SECTIONS[b.section]}` };
  }
}

/**
 * Zalo's failures in the pipeline's words. Outside the reply window is a refusal of this notice, not a
 * block: the person has not left, and a later personal notice may still go as a transaction message.
 * A used-up quota pauses the whole channel; a refused token retries later (the administrators are alerted).
 */
export function channelFailureOf(f: ZaloFailure): ChannelFailure {
  switch (f.kind) {
    case 'quota_exceeded':
      return { kind: 'rate_limited', retryAfterMs: QUOTA_PAUSE_MS };
    case 'rate_limited':
      return { kind: 'rate_limited', retryAfterMs: f.retryAfterMs };
    case 'blocked':
      return { kind: 'blocked', detail: f.detail };
    case 'outside_window':
      return { kind: 'rejected', detail: `outside the Zalo reply window (${f.detail})` };
    case 'rejected':
      return { kind: 'rejected', detail: f.detail };
    case 'invalid_token':
    case 'transient':
      return { kind: 'transient', detail: f.detail };
  }
}

/** `text` cut into parts of at most `limit` characters, at a line break where one is near, else at the limit. */
export function splitText(text: string, limit: number): string[] {
  const chars = [...text];
  if (chars.length <= limit) return [text];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const cut = window.lastIndexOf('\n');
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).join('').trimEnd());
    rest = rest.slice(at);
    while (rest[0] === '\n') rest = rest.slice(1);
  }
  if (rest.length) parts.push(rest.join(''));
  return parts.filter((p) => p.trim());
}
