import type { RequestHandler, Response } from 'express';
import type { ApiClient } from '../../services/api-keys/authenticate.js';
import {
  claimIdempotency,
  finishIdempotency,
  releaseIdempotency,
  requestHashOf,
} from '../../services/machine-api/idempotency.js';
import type { Logger } from '../../services/log.js';

/**
 * Honours `Idempotency-Key` on a machine write (after the body is parsed): the same key and body
 * again get the answer stored the first time, with `Idempotent-Replayed: true`, and nothing is
 * done twice. The answer is stored before it is sent; one that failed on our side (5xx) is not
 * kept, so a retry runs again. Without the header the request simply runs.
 */
export function idempotent(deps: {
  now: () => Date;
  log: Logger;
  clientIn: (res: Response) => ApiClient;
}): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined) return next();
    const claim = await claimIdempotency(
      deps.clientIn(res).keyId,
      key,
      requestHashOf(`${req.method} ${req.baseUrl}${req.path}`, req.body),
      deps.now(),
    );
    if (claim.kind === 'replay') {
      res.set('idempotent-replayed', 'true').set('cache-control', 'no-store');
      return void res.status(claim.status).type('json').send(claim.body);
    }
    const send = res.json.bind(res);
    res.json = ((body: unknown) => {
      const status = res.statusCode;
      const settled =
        status >= 500 ? releaseIdempotency(claim) : finishIdempotency(claim, { status, body: JSON.stringify(body) });
      // The work is done either way: the client gets its answer even if keeping it failed.
      settled
        .catch((err: unknown) => (res.locals.log ?? deps.log).warn({ err }, 'idempotency record not settled'))
        .finally(() => send(body));
      return res;
    }) as Response['json'];
    next();
  };
}
