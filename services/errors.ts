import type { Logger } from './log.js';

/** Codes of failures a citizen or officer can understand and act on. */
export type AppErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Words for a person in Vietnamese, and in English for those who chose it. */
export type Localized = { vi: string; en: string };

/** An expected failure: its message (Vietnamese; `en` in English) is safe to show to the person who caused it. */
export class AppError extends Error {
  readonly status: number;
  readonly en: string | undefined;
  constructor(
    readonly code: AppErrorCode,
    message: string | Localized,
    readonly details?: Record<string, unknown>,
  ) {
    super(typeof message === 'string' ? message : message.vi);
    this.en = typeof message === 'string' ? undefined : message.en;
    this.name = 'AppError';
    this.status = HTTP_STATUS[code];
  }
}

/** What an entry point shows after a failure. */
export type ErrorOutcome = {
  code: AppErrorCode | 'internal';
  status: number;
  message: string;
  messageEn?: string;
  details?: Record<string, unknown>;
};

const INTERNAL_MESSAGE = 'Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.';
const INTERNAL_MESSAGE_EN = 'Something went wrong on our side. Please try again in a few minutes.';

/** The one error handler used by the bot, HTTP and jobs: logs unexpected errors, returns what to show. */
export function handleError(err: unknown, log: Logger, context: Record<string, unknown> = {}): ErrorOutcome {
  if (err instanceof AppError) {
    log.info({ ...context, code: err.code }, 'expected failure: %s', err.message);
    return { code: err.code, status: err.status, message: err.message, messageEn: err.en, details: err.details };
  }
  log.error({ ...context, err }, 'unexpected failure');
  return { code: 'internal', status: 500, message: INTERNAL_MESSAGE, messageEn: INTERNAL_MESSAGE_EN };
}
