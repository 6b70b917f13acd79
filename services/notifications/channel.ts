/**
 * The platforms a notification can go through. ZNS is a channel of its own rather than the Zalo
 * chat with a phone address: it has its own endpoint, quota and price, its address is a record (the
 * phone is read only at the edge), it sends an approved template's parameters instead of our text,
 * and the per-channel counts then show what ZNS cost.
 */
export type ChannelName = 'telegram' | 'zalo' | 'zns';
/** The channels that are chats (a person follows the bot there): broadcasts and replies go only through these. */
export type ChatChannelName = Exclude<ChannelName, 'zns'>;

/** The mini-app's parts a button can open: the beneficiary's own view (its start page) or the officer section. */
export type AppSection = 'beneficiary' | 'officer';

/**
 * A button under a message: `callback` comes back to the bot with its data (e.g. `task:done:<id>`);
 * `open_app` opens a section of the mini-app (each channel knows how, e.g. Telegram's web_app button;
 * `beneficiary` is where a beneficiary lands); `link` opens a web page (a broadcast's "read more").
 */
export type MessageButton =
  | { kind: 'callback'; data: string; label: string }
  | { kind: 'open_app'; section: AppSection; label: string }
  | { kind: 'link'; url: string; label: string };

/**
 * A rendered message, ready for any channel; buttons one per row, in order. `notice` is the outbox
 * entry it came from, for a channel that sends a provider's template rather than our text (ZNS) and
 * tracks it by our id.
 */
export type OutgoingMessage = {
  text: string;
  lane: 'personal' | 'bulk';
  buttons?: readonly MessageButton[];
  notice?: { id: string; template: string; vars: Record<string, unknown> };
};

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
  | { kind: 'transient'; detail: string }
  /** Deliberately not sent (ZNS in development mode to a number that is not a test phone). */
  | { kind: 'skipped'; detail: string };

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
