import type { ErrorRequestHandler } from 'express';
import { handleError, type Localized } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { langOf } from './lang.js';

/** Words for bodies the server could not take. */
export const BODY_WORDS = {
  tooLarge: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The data sent is too large.' },
  unreadable: {
    vi: 'Dữ liệu gửi lên không đọc được. Xin tải lại trang rồi thử lại.',
    en: 'The data sent could not be read. Please reload the page and try again.',
  },
} satisfies Record<string, Localized>;

/**
 * The 4xx status of an error raised before a route ran, because the request could not be read: a
 * path with a broken %-escape (the router's URIError) or a body in an unknown charset or encoding
 * (body-parser's exposed errors). Anything else is null, and stays an internal error.
 */
export function unreadableRequestStatus(err: unknown): number | null {
  const e = err as { status?: unknown; expose?: unknown } | null;
  const status = typeof e?.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : null;
  return status !== null && (err instanceof URIError || e?.expose === true) ? status : null;
}

/**
 * The JSON error answer of the mini-app's APIs, in the person's language. A download that failed
 * before its first byte answers JSON like any other call (its attachment headers are dropped);
 * one that failed midway can only be cut off, so the browser sees a broken file, never a wrong one.
 */
export function apiErrors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const lang = langOf(req);
    const bodyError = (err as { type?: string }).type;
    if (bodyError === 'entity.too.large')
      return void res.status(413).json({ error: 'too_large', message: BODY_WORDS.tooLarge[lang] });
    if (bodyError === 'entity.parse.failed' || bodyError === 'encoding.unsupported')
      return void res.status(400).json({ error: 'invalid_input', message: BODY_WORDS.unreadable[lang] });
    const unreadable = unreadableRequestStatus(err);
    if (unreadable !== null)
      return void res.status(unreadable).json({ error: 'invalid_input', message: BODY_WORDS.unreadable[lang] });
    const outcome = handleError(err, res.locals.log ?? log);
    if (res.headersSent) return void res.destroy();
    res.removeHeader('content-disposition');
    const message = lang === 'en' && outcome.messageEn ? outcome.messageEn : outcome.message;
    const fields = outcome.details?.fields as Record<string, Localized> | undefined;
    if (fields)
      return void res.status(422).json({
        error: 'invalid',
        message,
        fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[lang]])),
      });
    res.status(outcome.status).json({ error: outcome.code, message });
  };
}
