import express, { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiniappContext } from '../../services/miniapp/policy.js';
import { checkWebLink, consumeWebLink, type WebLinkState } from '../../services/miniapp/web-links.js';
import { langOf } from '../http/lang.js';
import { setSessionCookie } from '../http/session.js';
import { appShell } from '../pages/shell.js';
import { webLinkPage } from '../pages/web-link.js';

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const UPLOT_DIR = path.dirname(createRequire(import.meta.url).resolve('uplot'));
const UPLOT_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'] as const;
const STATUS: Record<WebLinkState, number> = { ready: 200, used: 410, expired: 410, invalid: 404 };

/** The mini-app's pages: the shell at /app, its assets, and the plain-web link pages. */
export function miniappPages(deps: { ctx: MiniappContext; secureCookies: boolean }): Router {
  const r = Router();
  const minutes = Math.round(deps.ctx.policy.webLinkTtlMs / 60_000);
  r.get('/app', (req, res) => {
    res
      .set('cache-control', 'no-cache')
      .type('html')
      .send(appShell({ lang: langOf(req) }));
  });
  // The dashboard's chart library, as its package ships it; the officer section adds it to the page when first needed.
  for (const file of UPLOT_FILES)
    r.get(`/app/assets/uplot/${file}`, (_req, res) => {
      res.set('cross-origin-resource-policy', 'cross-origin');
      res.sendFile(file, { root: UPLOT_DIR, maxAge: '1d' });
    });
  // The Zalo Mini App loads these from its own origin: Helmet's same-origin resource policy would refuse it.
  r.use(
    '/app/assets',
    express.static(PUBLIC_DIR, {
      index: false,
      maxAge: '5m',
      fallthrough: false,
      setHeaders: (res) => res.setHeader('cross-origin-resource-policy', 'cross-origin'),
    }),
  );

  // A GET only shows the button: chat apps fetch links for previews, and must not use them up.
  r.get('/app/w/:token', async (req, res) => {
    const state = await checkWebLink(String(req.params.token), deps.ctx);
    res
      .status(STATUS[state])
      .set('cache-control', 'no-store')
      .type('html')
      .send(webLinkPage({ state, token: String(req.params.token), lang: langOf(req), minutes }));
  });
  r.post('/app/w/:token', async (req, res) => {
    const outcome = await consumeWebLink(String(req.params.token), deps.ctx);
    if (typeof outcome === 'string') {
      return void res
        .status(STATUS[outcome])
        .set('cache-control', 'no-store')
        .type('html')
        .send(webLinkPage({ state: outcome, lang: langOf(req), minutes }));
    }
    setSessionCookie(res, outcome, { secure: deps.secureCookies, maxAgeMs: deps.ctx.policy.sessionTtlMs });
    res.redirect(303, '/app');
  });
  return r;
}
