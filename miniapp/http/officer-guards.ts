import type { RequestHandler, Response } from 'express';
import { requireOfficer } from '../../services/officers/identity.js';
import type { Acting } from '../../services/officers/scope.js';
import type { MiniappContext } from '../../services/miniapp/policy.js';
import { perMinute } from './security.js';
import { requireCsrf, requireSession, sessionIn } from './session.js';

/**
 * The guards of every officer route: a live session whose subject is an active officer (read on
 * every request, so a removal bites at once), the per-session limit, and the CSRF token on writes.
 */
export function officerGuards(deps: { ctx: MiniappContext; perUserPerMinute: number }): {
  read: RequestHandler[];
  write: RequestHandler[];
  actingIn: (res: Response) => Acting;
} {
  const perUser = perMinute(deps.perUserPerMinute, (_req, res) => `session:${sessionIn(res).id}`);
  // Express 5 passes a rejected promise to the error handler.
  const officer: RequestHandler = async (_req, res, next) => {
    const s = sessionIn(res);
    const scope = await requireOfficer(s.subject);
    res.locals.acting = { scope, entryPoint: 'miniapp', via: s.entry, now: deps.ctx.now } satisfies Acting;
    next();
  };
  return {
    read: [requireSession, perUser, officer],
    write: [requireSession, perUser, requireCsrf, officer],
    actingIn: (res) => res.locals.acting as Acting,
  };
}
