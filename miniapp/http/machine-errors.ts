import type { ErrorRequestHandler } from 'express';
import { handleError, type Localized } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { unreadableRequestStatus } from './api-errors.js';
import { langOf } from './lang.js';

const BODY_WORDS = {
  tooLarge: {
    vi: 'Nội dung yêu cầu quá lớn. Xin chia thành nhiều yêu cầu nhỏ hơn.',
    en: 'The request body is too large. Please split it into smaller requests.',
  },
  unreadable: {
    vi: 'Nội dung yêu cầu không phải JSON hợp lệ (UTF-8). Xin kiểm tra lại dữ liệu gửi lên.',
    en: 'The request body is not valid JSON (UTF-8). Please check what is sent.',
  },
} satisfies Record<string, Localized>;

/** The JSON error answer of the machine API: Vietnamese, English with `Accept-Language: en`; never a 500 for a bad body. */
export function machineErrors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const lang = langOf(req);
    const bodyError = (err as { type?: string }).type;
    if (bodyError === 'entity.too.large')
      return void res.status(413).json({ error: 'too_large', message: BODY_WORDS.tooLarge[lang] });
    if (
      bodyError === 'entity.parse.failed' ||
      bodyError === 'encoding.unsupported' ||
      bodyError === 'charset.unsupported'
    )
      return void res.status(400).json({ error: 'invalid_input', message: BODY_WORDS.unreadable[lang] });
    // A body in an encoding or charset we cannot read, or a broken %-escape in the path: the client's error.
    const unreadable = unreadableRequestStatus(err);
    if (unreadable !== null)
      return void res.status(unreadable).json({ error: 'invalid_input', message: BODY_WORDS.unreadable[lang] });
    const outcome = handleError(err, res.locals.log ?? log);
    if (res.headersSent) return void res.destroy();
    const message = lang === 'en' && outcome.messageEn ? outcome.messageEn : outcome.message;
    res.status(outcome.status).json({ error: outcome.code, message });
  };
}
