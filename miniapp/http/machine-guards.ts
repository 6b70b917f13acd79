import type { RequestHandler, Response } from 'express';
import type { ApiOperation } from '../../models/api-key.js';
import {
  actingOfClient,
  assertOperation,
  authenticateApiKey,
  type ApiClient,
} from '../../services/api-keys/authenticate.js';
import type { Sealer } from '../../services/crypto.js';
import type { Acting } from '../../services/officers/scope.js';
import { perMinute } from './security.js';

/**
 * The guards of a machine route: a live API key (read on every request, so a revocation bites on
 * the next one), the per-key limit, and the operation the route needs. No session, no CSRF token:
 * a machine client holds no cookie a third-party page could ride on.
 */
export function machineGuards(deps: { sealer: Sealer; perKeyPerMinute: number; now: () => Date }): {
  need: (op: ApiOperation) => RequestHandler[];
  clientIn: (res: Response) => ApiClient;
  actingIn: (res: Response) => Acting;
} {
  const clientIn = (res: Response) => res.locals.apiClient as ApiClient;
  // Express 5 passes a rejected promise to the error handler.
  const authenticated: RequestHandler = async (req, res, next) => {
    res.locals.apiClient = await authenticateApiKey(deps.sealer, req.get('authorization'), deps.now());
    next();
  };
  const perKey = perMinute(deps.perKeyPerMinute, (_req, res) => `apikey:${clientIn(res).keyId}`);
  return {
    need: (op) => [
      authenticated,
      perKey,
      (_req, res, next) => {
        assertOperation(clientIn(res), op);
        next();
      },
    ],
    clientIn,
    actingIn: (res) => actingOfClient(clientIn(res), deps.now),
  };
}
