import { Api, GrammyError, HttpError, InlineKeyboard } from 'grammy';
import type {
  AppSection,
  Channel,
  ChannelFailure,
  MessageButton,
  OutgoingMessage,
  SendResult,
} from '../../services/notifications/channel.js';
import { jsonFetch } from './json-fetch.js';

/**
 * The Telegram edge of the notification pipeline: a plain Bot API client (no auto-retry, so a 429
 * reaches the pipeline's shared limiter instead of stalling one request), with Telegram's errors
 * mapped to the pipeline's failure kinds.
 */
export function telegramChannel(
  token: string,
  opts: { apiRoot: string; paidBroadcast: boolean; publicUrl?: string },
): Channel {
  const api = new Api(token, {
    apiRoot: opts.apiRoot,
    timeoutSeconds: 30,
    fetch: jsonFetch(globalThis.fetch as never) as never,
  });
  return {
    name: 'telegram',
    // The bot id (the token's public part): the limit is per bot, whichever process sends.
    rateKey: `telegram:${token.split(':')[0]}`,
    async send(recipient: string, message: OutgoingMessage): Promise<SendResult> {
      try {
        const sent = await api.sendMessage(recipient, message.text, {
          link_preview_options: { is_disabled: true },
          ...(message.buttons?.length ? { reply_markup: keyboardOf(message.buttons, opts.publicUrl ?? '') } : {}),
          ...(opts.paidBroadcast && message.lane === 'bulk' ? { allow_paid_broadcast: true } : {}),
        });
        return { ok: true, providerMessageId: String(sent.message_id) };
      } catch (err) {
        return { ok: false, failure: failureOf(err) };
      }
    },
  };
}

/** Where each section opens (the bot's menus use the same addresses) and the callback answering off https. */
const SECTIONS: Record<AppSection, { path: string; browserCallback: string }> = {
  beneficiary: { path: '/app', browserCallback: 'web:open' },
  officer: { path: '/app?section=officer', browserCallback: 'officer:web' },
};

/**
 * A notice's buttons as an inline keyboard, one per row. A mini-app section opens as a web_app
 * button, which Telegram accepts on https only; elsewhere the bot's "open in a browser" callback of
 * that section answers with a single-use link (a plain URL button would open the page signed out).
 */
export function keyboardOf(buttons: readonly MessageButton[], publicUrl: string): InlineKeyboard {
  return InlineKeyboard.from(
    buttons.map((b) => {
      if (b.kind === 'callback') return [InlineKeyboard.text(b.label, b.data)];
      if (b.kind === 'link') return [InlineKeyboard.url(b.label, b.url)];
      const section = SECTIONS[b.section];
      if (publicUrl.startsWith('https://')) return [InlineKeyboard.webApp(b.label, `${publicUrl}${section.path}`)];
      return [InlineKeyboard.text(b.label, section.browserCallback)];
    }),
  );
}

/** Maps a Bot API error to what the pipeline does next; descriptions are Telegram's, with no personal data. */
export function failureOf(err: unknown): ChannelFailure {
  if (err instanceof GrammyError) {
    const detail = `${err.error_code} ${err.description}`.slice(0, 200);
    if (err.error_code === 429)
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, err.parameters.retry_after ?? 1) * 1000 };
    if (err.error_code === 403) return { kind: 'blocked', detail };
    if (err.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(err.description))
      return { kind: 'not_found', detail };
    if (err.error_code >= 500) return { kind: 'transient', detail };
    return { kind: 'rejected', detail };
  }
  if (err instanceof HttpError) return { kind: 'transient', detail: 'network error' };
  return { kind: 'transient', detail: err instanceof Error ? err.name : 'unknown error' };
}
