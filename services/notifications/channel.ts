/** The chat platforms a notification can go through. */
export type ChannelName = 'telegram' | 'zalo';

/** The mini-app's parts a button can open: the beneficiary's own view (its start page) or the officer section. */
export type AppSection = 'beneficiary' | 'officer';

/**
 * A button under a message: `callback` comes back to the bot with its data (e.g. `task:done:<id>`);
 * `open_app` opens a section of the mini-app (each channel knows how, e.g. Telegram's web_app button;
 * `home` is where a beneficiary lands); `link` opens a web page (a broadcast's "read more").
 */
export type MessageButton =
  | { kind: 'callback'; data: string; label: string }
  | { kind: 'open_app'; section: AppSection; label: string }
  | { kind: 'link'; url: string; label: string };

/** A rendered message, ready for any channel; buttons one per row, in order. */
export type OutgoingMessage = { text: string; lane: 'personal' | 'bulk'; buttons?: readonly MessageButton[] };

/** Why a send did not go through, in the pipeline's own words (each provider's errors are mapped at its edge). */
export type ChannelFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** The person blocked the bot or left: stop writing until they write again. */
  | { kind: 'blocked'; detail: string }
  /** The chat does not exist (any more). */
  | { kind: 'not_found'; detail: string }
  /** The provider refused this message for good (bad request). */
  | { kind: 'rejected'; detail: string }
  /** Network, timeout or provider 5xx: worth another try later. */
  | { kind: 'transient'; detail: string };

export type SendResult = { ok: true; providerMessageId: string } | { ok: false; failure: ChannelFailure };

/**
 * One chat platform. `recipient` is the platform's chat address, which the domain only stores and
 * passes back: nothing beyond this interface reads it.
 */
export interface Channel {
  readonly name: ChannelName;
  /** Key of the provider-wide rate limit this channel shares with other processes (e.g. one per bot). */
  readonly rateKey: string;
  send(recipient: string, message: OutgoingMessage): Promise<SendResult>;
}
