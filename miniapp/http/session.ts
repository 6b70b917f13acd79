import type { Request, RequestHandler, Response } from 'express';
import type { StoredWebSession } from '../../models/web-session.js';
import { AppError } from '../../services/errors.js';
import { csrfMatches, sessionOf, type OpenedSession } from '../../services/miniapp/sessions.js';
import { SIGN_IN_WORDS } from '../../services/miniapp/words.js';

export const SESSION_COOKIE = 'tas_session';

/** The session token from the cookie, or from `Authorization: Bearer` (Telegram Web frames the page, so its cookies are third-party). */
function tokenOf(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookies = req.get('cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** The request's session; set by `requireSession`. */
export function sessionIn(res: Response): StoredWebSession {
  return res.locals.session as StoredWebSession;
}

/** Refuses requests without a live session (401 with words for the person). */
export const requireSession: RequestHandler = async (req, res, next) => {
  const session = await sessionOf(tokenOf(req), new Date());
  if (!session) return next(new AppError('unauthorized', SIGN_IN_WORDS.noSession));
  res.locals.session = session;
  next();
};

/** State-changing requests must repeat the session's CSRF token in `X-CSRF-Token`. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  if (!csrfMatches(sessionIn(res), req.get('x-csrf-token'))) return next(new AppError('forbidden', SIGN_IN_WORDS.csrf));
  next();
};

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure in production, only for the mini-app's paths. */
export function setSessionCookie(
  res: Response,
  opened: OpenedSession,
  opts: { secure: boolean; maxAgeMs: number },
): void {
  res.cookie(SESSION_COOKIE, opened.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/app',
    maxAge: opts.maxAgeMs,
  });
}
