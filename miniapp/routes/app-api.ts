import express, { Router, type ErrorRequestHandler } from 'express';
import { AppError, handleError, type Localized } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { periodOf } from '../../services/format.js';
import { changeAccount } from '../../services/accounts/change-account.js';
import { confirmAccount } from '../../services/accounts/confirm-account.js';
import { viewRecords, type Viewer } from '../../services/accounts/records.js';
import type { MiniappContext } from '../../services/miniapp/policy.js';
import { signInWithTelegram, signInWithZalo } from '../../services/miniapp/sign-in.js';
import { allProviders } from '../../services/register/providers.js';
import { REFUSALS } from '../../services/accounts/words.js';
import { langOf } from '../http/lang.js';
import { officerOfSubject } from './officer-me.js';
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
};

const BODY_WORDS = {
  tooLarge: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The data sent is too large.' },
  unreadable: {
    vi: 'Dữ liệu gửi lên không đọc được. Xin tải lại trang rồi thử lại.',
    en: 'The data sent could not be read. Please reload the page and try again.',
  },
} satisfies Record<string, Localized>;

const REF = /^[0-9a-f]{24}$/;

/** The mini-app's JSON API under /app/api: sign-in, the person's records, confirm, change. */
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
    res.set('cache-control', 'no-store').json({
      entry: s.entry,
      csrfToken: s.csrfToken,
      currentPeriod: period(),
      records: await viewRecords(viewerOf(res), period()),
      officer: await officerOfSubject(s.subject), // STUB line (helper C): helper A's /me change replaces it
    });
  });

  r.post('/app/api/records/:ref/confirm', requireSession, perUser, requireCsrf, async (req, res) => {
    res.json({ record: await confirmAccount(viewerOf(res), refOf(req), accountsCtx) });
  });

  r.post('/app/api/records/:ref/account', requireSession, perUser, requireCsrf, json, async (req, res) => {
    const lang = langOf(req);
    const { record, warnings } = await changeAccount(viewerOf(res), refOf(req), req.body, accountsCtx);
    res.json({ record, warnings: warnings.map((w) => ({ field: w.field, message: w.message[lang] })) });
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const lang = langOf(req);
    const bodyError = (err as { type?: string }).type;
    if (bodyError === 'entity.too.large')
      return void res.status(413).json({ error: 'too_large', message: BODY_WORDS.tooLarge[lang] });
    if (bodyError === 'entity.parse.failed' || bodyError === 'encoding.unsupported')
      return void res.status(400).json({ error: 'invalid_input', message: BODY_WORDS.unreadable[lang] });
    const outcome = handleError(err, res.locals.log ?? deps.log);
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
  r.use('/app/api', onError);
  return r;
}
