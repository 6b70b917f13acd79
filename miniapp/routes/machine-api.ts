import express, { Router, type Request, type Response } from 'express';
import type { ApiOperation } from '../../models/api-key.js';
import {
  broadcastProgress,
  createBroadcast,
  getBroadcast,
  previewBroadcast,
  submitBroadcast,
  type BroadcastPolicy,
} from '../../services/broadcasts/index.js';
import type { Sealer } from '../../services/crypto.js';
import { AppError } from '../../services/errors.js';
import type { Logger } from '../../services/log.js';
import { pushRows } from '../../services/machine-api/push-rows.js';
import { broadcastBody, parseBody } from '../http/broadcast-input.js';
import { idempotent } from '../http/idempotency.js';
import { machineErrors } from '../http/machine-errors.js';
import { machineGuards } from '../http/machine-guards.js';
import { parseRows, PUSH_KINDS, type PushKind } from '../http/machine-input.js';

/** What the machine API needs from the running process. */
export type MachineApiDeps = {
  sealer: Sealer;
  log: Logger;
  /** Requests per minute per API key (API_RATE_PER_MINUTE). */
  perKeyPerMinute: number;
  /** Rows per push (API_MAX_ROWS). */
  maxRows: number;
  broadcastPolicy: BroadcastPolicy;
  now: () => Date;
};

/** Where the machine API lives; the OpenAPI document names the same paths. */
export const MACHINE_BASE = '/api/v1';

/** The operation each push needs. */
const OPERATION: Record<PushKind, ApiOperation> = {
  payments: 'payments',
  beneficiaries: 'beneficiaries',
  verifications: 'verifications',
};
const PUSH_PATHS: Record<PushKind, string> = {
  payments: '/payments',
  beneficiaries: '/beneficiaries',
  verifications: '/verification-results',
};

/**
 * The API for machine clients (the ministry's payment system, a provincial portal): push payment
 * statuses, beneficiary changes and verification results as JSON rows, through the same row
 * pipeline, checks and notices as the file imports; create and submit broadcasts. Every route
 * needs an API key with its operation; every write honours `Idempotency-Key`.
 */
export function machineApi(deps: MachineApiDeps): Router {
  const r = Router();
  // Any content type is read as JSON: a client that forgets the header hears "not valid JSON", not "rows missing".
  const json = express.json({ limit: `${Math.max(1, Math.ceil(deps.maxRows / 500))}mb`, type: () => true });
  const { need, clientIn, actingIn } = machineGuards({
    sealer: deps.sealer,
    perKeyPerMinute: deps.perKeyPerMinute,
    now: deps.now,
  });
  const once = idempotent({ now: deps.now, log: deps.log, clientIn });
  const noStore = (res: Response) => res.set('cache-control', 'no-store');
  const idOf = (req: Request): string => {
    const id = String(req.params.id ?? '');
    if (!/^[0-9a-f]{24}$/.test(id))
      throw new AppError('not_found', { vi: 'Không tìm thấy thông báo này.', en: 'This broadcast was not found.' });
    return id;
  };

  for (const name of Object.keys(PUSH_KINDS) as PushKind[]) {
    const path = `${MACHINE_BASE}${PUSH_PATHS[name]}`;
    const { kind } = PUSH_KINDS[name];
    r.post(path, ...need(OPERATION[name]), json, once, async (req, res) => {
      const rows = parseRows(kind, req.body, deps.maxRows);
      noStore(res).json(await pushRows(clientIn(res), kind, rows, deps.sealer));
    });
  }

  const broadcasts = `${MACHINE_BASE}/broadcasts`;
  r.post(broadcasts, ...need('broadcasts'), json, once, async (req, res) => {
    const { broadcast, preview } = await createBroadcast(
      actingIn(res),
      parseBody(broadcastBody, req.body),
      deps.broadcastPolicy,
    );
    noStore(res).status(201).json({ id: broadcast.id, broadcast, preview });
  });
  // Nothing is stored: no idempotency record either.
  r.post(`${broadcasts}/preview`, ...need('broadcasts'), json, async (req, res) => {
    const preview = await previewBroadcast(actingIn(res), parseBody(broadcastBody, req.body), deps.broadcastPolicy);
    noStore(res).json({ preview });
  });
  r.post(`${broadcasts}/:id/submit`, ...need('broadcasts'), json, once, async (req, res) => {
    const { broadcast, preview } = await submitBroadcast(actingIn(res), idOf(req), deps.broadcastPolicy);
    noStore(res).json({ id: broadcast.id, broadcast, preview });
  });
  r.get(`${broadcasts}/:id`, ...need('broadcasts'), async (req, res) => {
    const acting = actingIn(res);
    const broadcast = await getBroadcast(acting, idOf(req));
    noStore(res).json({ id: broadcast.id, broadcast, progress: await broadcastProgress(acting, broadcast.id) });
  });

  // A client that mistyped a path hears so in JSON, not an HTML page.
  r.use(MACHINE_BASE, (_req, _res, next) =>
    next(
      new AppError('not_found', {
        vi: 'Không có địa chỉ này trong API; xem /api/v1/docs.',
        en: 'No such API path; see /api/v1/docs.',
      }),
    ),
  );
  r.use(MACHINE_BASE, machineErrors(deps.log));
  return r;
}
