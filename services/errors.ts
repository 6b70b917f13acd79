import type { Logger } from './log.js';

/** Codes of failures a citizen or officer can understand and act on. */
export type AppErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** An expected failure: its message (Vietnamese) is safe to show to the person who caused it. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = HTTP_STATUS[code];
  }
}

/** What an entry point shows after a failure. */
export type ErrorOutcome = { code: AppErrorCode | 'internal'; status: number; message: string; details?: Record<string, unknown> };

const INTERNAL_MESSAGE = 'Hệ thống đang gặp sự cố. Xin vui lòng thử lại sau ít phút.';

/** The one error handler used by the bot, HTTP and jobs: logs unexpected errors, returns what to show. */
export function handleError(err: unknown, log: Logger, context: Record<string, unknown> = {}): ErrorOutcome {
  if (err instanceof AppError) {
    log.info({ ...context, code: err.code }, 'expected failure: %s', err.message);
    return { code: err.code, status: err.status, message: err.message, details: err.details };
  }
  log.error({ ...context, err }, 'unexpected failure');
  return { code: 'internal', status: 500, message: INTERNAL_MESSAGE };
}
