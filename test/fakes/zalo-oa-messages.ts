/** How the Zalo OA fake reads a message body: what the person would see, or null when Zalo would refuse it. */
import type { FakeOaButton, FakeOaMessage } from './zalo-oa.js';

/** The readable parts of an OA message body, or null when Zalo would call it invalid. */
export function readMessage(
  kind: 'cs' | 'transaction',
  message: Record<string, unknown>,
): Omit<FakeOaMessage, 'messageId' | 'body'> | null {
  if (typeof message.text === 'string' && kind === 'cs') return { kind, text: message.text, buttons: [] };
  const attachment = message.attachment as { type?: unknown; payload?: Record<string, unknown> } | undefined;
  const payload = attachment?.payload;
  if (attachment?.type !== 'template' || !payload || typeof payload.template_type !== 'string') return null;
  const templateType = payload.template_type;
  const buttons = Array.isArray(payload.buttons) ? (payload.buttons as FakeOaButton[]) : [];
  if (kind === 'cs' && templateType === 'button' && typeof payload.text === 'string')
    return { kind, text: payload.text, buttons, templateType };
  if (kind === 'cs' && templateType === 'request_user_info' && Array.isArray(payload.elements)) {
    const el = payload.elements[0] as { title?: unknown; subtitle?: unknown; image_url?: unknown } | undefined;
    if (typeof el?.title !== 'string' || typeof el.subtitle !== 'string') return null;
    const card = {
      title: el.title,
      subtitle: el.subtitle,
      ...(typeof el.image_url === 'string' ? { imageUrl: el.image_url } : {}),
    };
    return { kind, text: '', buttons, templateType, card };
  }
  if (kind === 'transaction' && templateType.startsWith('transaction_') && Array.isArray(payload.elements)) {
    const elements = payload.elements as { type?: unknown; content?: unknown }[];
    if (!elements.some((e) => e.type === 'header' && typeof e.content === 'string')) return null;
    const text = elements
      .filter((e) => e.type === 'text' && typeof e.content === 'string')
      .map((e) => e.content as string);
    return { kind, text: text.join('\n'), buttons, templateType };
  }
  return null;
}
