import express, { Router } from 'express';
import { AppError } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { periodOf } from '../../services/format.js';
import { changeAccount } from '../../services/accounts/change-account.js';
import { confirmAccount } from '../../services/accounts/confirm-account.js';
import { viewRecords, type Viewer } from '../../services/accounts/records.js';
import type { BroadcastPolicy } from '../../services/broadcasts/types.js';
import type { MiniappContext } from '../../services/miniapp/policy.js';
import { profileOfSubject } from '../../services/officers/profile.js';
import { signInWithTelegram, signInWithZalo } from '../../services/miniapp/sign-in.js';
import { allProviders } from '../../services/register/providers.js';
import { REFUSALS } from '../../services/accounts/words.js';
import { apiErrors } from '../http/api-errors.js';
import { langOf } from '../http/lang.js';
import { perMinute } from '../http/security.js';
import { requireCsrf, requireSession, sessionIn, setSessionCookie } from '../http/session.js';

/** What the mini-app's HTTP side needs (the per-IP limit is applied to all of /app by the server). */
export type MiniappHttpDeps = {
  ctx: MiniappContext;
  log: Logger;
  secureCookies: boolean;
  perUserPerMinute: number;
  perIpPerMinute: number;
  corsOrigins: readonly string[];
  /** The broadcast rules (approval threshold, rates, quiet hours); absent, the services' defaults. */
  broadcastPolicy?: BroadcastPolicy;
};

const REF = /^[0-9a-f]{24}$/;

/** The mini-app's JSON API under /app/api: sign-in, the person's records (and officer profile), confirm, change. */
export function miniappApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const json = express.json({ limit: '8kb' });
  const period = () => periodOf(deps.ctx.now());
  const accountsCtx = { sealer: deps.ctx.sealer, now: deps.ctx.now, period };
  const perUser = perMinute(deps.perUserPerMinute, (_req, res) => `session:${sessionIn(res).id}`);
  const viewerOf = (res: express.Response): Viewer => ({
    subject: sessionIn(res).subject,
    entry: sessionIn(res).entry,
  });
  const refOf = (req: express.Request): string => {
    const ref = String(req.params.ref ?? '');
    if (!REF.test(ref)) throw new AppError('not_found', REFUSALS.notYours);
    return ref;
  };
  const cookie = { secure: deps.secureCookies, maxAgeMs: deps.ctx.policy.sessionTtlMs };

  r.post('/app/api/session/telegram', json, async (req, res) => {
    const opened = await signInWithTelegram((req.body as { initData?: unknown } | undefined)?.initData, deps.ctx);
    setSessionCookie(res, opened, cookie);
    res.json(opened);
  });

  r.post('/app/api/session/zalo', json, async (req, res) => {
    const opened = await signInWithZalo((req.body as { accessToken?: unknown } | undefined)?.accessToken, deps.ctx);
    setSessionCookie(res, opened, cookie);
    res.json(opened);
  });

  r.get('/app/api/providers', (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').json(allProviders());
  });

  r.get('/app/api/me', requireSession, perUser, async (_req, res) => {
    const s = sessionIn(res);
    const [records, officer] = await Promise.all([viewRecords(viewerOf(res), period()), profileOfSubject(s.subject)]);
    res
      .set('cache-control', 'no-store')
      .json({ entry: s.entry, csrfToken: s.csrfToken, currentPeriod: period(), records, officer });
  });

  r.post('/app/api/records/:ref/confirm', requireSession, perUser, requireCsrf, async (req, res) => {
    res.json({ record: await confirmAccount(viewerOf(res), refOf(req), accountsCtx) });
  });

  r.post('/app/api/records/:ref/account', requireSession, perUser, requireCsrf, json, async (req, res) => {
    const lang = langOf(req);
    const { record, warnings } = await changeAccount(viewerOf(res), refOf(req), req.body, accountsCtx);
    res.json({ record, warnings: warnings.map((w) => ({ field: w.field, message: w.message[lang] })) });
  });

  r.use('/app/api', apiErrors(deps.log));
  return r;
}
