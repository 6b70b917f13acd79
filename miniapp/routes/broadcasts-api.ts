import express, { Router, type Request, type Response } from 'express';
import {
  approveBroadcast,
  broadcastProgress,
  cancelBroadcast,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  pauseBroadcast,
  previewBroadcast,
  resumeBroadcast,
  submitBroadcast,
  type BroadcastView,
} from '../../services/broadcasts/index.js';
import { AppError, type Localized } from '../../services/errors.js';
import type { Acting } from '../../services/officers/scope.js';
import { apiErrors } from '../http/api-errors.js';
import { approveBody, broadcastBody, parseBody } from '../http/broadcast-input.js';
import { intIn } from '../http/officer-input.js';
import { officerGuards } from '../http/officer-guards.js';
import { perMinute } from '../http/security.js';
import type { MiniappHttpDeps } from './app-api.js';

const PUBLIC_PATH = '/api/broadcasts';
const APP_PATH = '/app/api/officer/broadcasts';
const ID = /^[0-9a-f]{24}$/;
const NOT_FOUND: Localized = { vi: 'Không tìm thấy thông báo này.', en: 'This broadcast was not found.' };

/** A broadcast as the API shows it, with what this officer may do with it. */
function viewFor(acting: Acting, b: BroadcastView) {
  const mine = b.authorOfficerId !== null && b.authorOfficerId === acting.scope.officerId;
  const canApprove = b.state === 'awaiting_approval' && acting.scope.role !== 'commune_officer' && !mine;
  return { id: b.id, broadcast: b, mine, canApprove };
}

/**
 * Province broadcasts over HTTP for an officer's session: `/api/broadcasts` (Bearer session token, and the
 * session's CSRF token on writes) and the same under /app/api/officer for the mini-app; machines use
 * an API key on /api/v1/broadcasts (machine-api.ts). The services check scope, approval and state, and audit.
 */
export function broadcastsApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const json = express.json({ limit: '64kb' });
  const { read, write, actingIn } = officerGuards(deps);
  const policy = deps.broadcastPolicy;
  const noStore = (res: Response) => res.set('cache-control', 'no-store');
  const idOf = (req: Request): string => {
    const id = String(req.params.id ?? '');
    if (!ID.test(id)) throw new AppError('not_found', NOT_FOUND);
    return id;
  };
  const shown = async (acting: Acting, b: BroadcastView) => ({
    ...viewFor(acting, b),
    progress: await broadcastProgress(acting, b.id),
  });

  for (const base of [PUBLIC_PATH, APP_PATH]) {
    const limited = base === PUBLIC_PATH ? [perMinute(deps.perIpPerMinute)] : [];

    r.get(base, ...limited, ...read, async (req, res) => {
      const acting = actingIn(res);
      const list = await listBroadcasts(acting, { limit: intIn(req.query.limit, 20, 100) });
      noStore(res).json({ broadcasts: list.map((b) => viewFor(acting, b)) });
    });

    r.post(base, ...limited, ...write, json, async (req, res) => {
      const acting = actingIn(res);
      const { broadcast, preview } = await createBroadcast(acting, parseBody(broadcastBody, req.body), policy);
      noStore(res)
        .status(201)
        .json({ ...viewFor(acting, broadcast), preview });
    });

    // The compose screen's step: the preview of what would be sent, nothing stored.
    r.post(`${base}/preview`, ...limited, ...write, json, async (req, res) => {
      const preview = await previewBroadcast(actingIn(res), parseBody(broadcastBody, req.body), policy);
      noStore(res).json({ preview });
    });

    r.get(`${base}/:id`, ...limited, ...read, async (req, res) => {
      const acting = actingIn(res);
      noStore(res).json(await shown(acting, await getBroadcast(acting, idOf(req))));
    });

    r.post(`${base}/:id/submit`, ...limited, ...write, async (req, res) => {
      const acting = actingIn(res);
      const { broadcast, preview } = await submitBroadcast(acting, idOf(req), policy);
      noStore(res).json({ ...viewFor(acting, broadcast), preview });
    });

    r.post(`${base}/:id/approve`, ...limited, ...write, json, async (req, res) => {
      const acting = actingIn(res);
      const opts = parseBody(approveBody, req.body);
      noStore(res).json(await shown(acting, await approveBroadcast(acting, idOf(req), opts, policy)));
    });

    const controls = { cancel: cancelBroadcast, pause: pauseBroadcast, resume: resumeBroadcast } as const;
    for (const [action, run] of Object.entries(controls))
      r.post(`${base}/:id/${action}`, ...limited, ...write, async (req, res) => {
        const acting = actingIn(res);
        noStore(res).json(await shown(acting, await run(acting, idOf(req))));
      });
  }

  r.use([PUBLIC_PATH, APP_PATH], apiErrors(deps.log));
  return r;
}
