import express, { Router, type Request, type Response } from 'express';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys/keys.js';
import { apiErrors } from '../http/api-errors.js';
import { officerGuards } from '../http/officer-guards.js';
import type { MiniappHttpDeps } from './app-api.js';

const BASE = '/app/api/officer/api-keys';

/**
 * A province administrator's API keys for machine clients, in the officer section: list, create
 * (the secret is in that one answer, never again) and revoke. Session and CSRF token as every
 * officer route; the service checks the role and the province, and audits.
 */
export function apiKeysApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const json = express.json({ limit: '8kb' });
  const { read, write, actingIn } = officerGuards(deps);
  const noStore = (res: Response) => res.set('cache-control', 'no-store');
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};

  r.get(BASE, ...read, async (_req, res) => {
    noStore(res).json({ keys: await listApiKeys(actingIn(res)) });
  });

  r.post(BASE, ...write, json, async (req, res) => {
    const b = body(req);
    const made = await createApiKey(
      actingIn(res),
      {
        name: typeof b.name === 'string' ? b.name : '',
        operations: Array.isArray(b.operations) ? b.operations.map(String) : [],
        ...(typeof b.provinceCode === 'string' ? { provinceCode: b.provinceCode } : {}),
      },
      deps.ctx.sealer,
    );
    noStore(res).status(201).json(made);
  });

  r.post(`${BASE}/:id/revoke`, ...write, async (req, res) => {
    noStore(res).json({ key: await revokeApiKey(actingIn(res), String(req.params.id ?? '')) });
  });

  r.use(BASE, apiErrors(deps.log));
  return r;
}
