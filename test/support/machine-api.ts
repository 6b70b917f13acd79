import type { ApiOperation } from '../../models/api-key.js';
import { createApiKey } from '../../services/api-keys/keys.js';
import { OPERATOR } from '../../services/officers/scope.js';
import type { MiniappServer } from './miniapp.js';

/** The reply of an HTTP call, its JSON body parsed (null when it was not JSON). */
export type Reply = {
  status: number;
  json: Record<string, unknown> & { error?: string; message?: string };
  text: string;
  headers: Headers;
};

/** A province's key as the operator makes it at the command line; returns the secret the client holds. */
export async function aKey(
  srv: { rt: Pick<MiniappServer['rt'], 'sealer'> },
  opts: { provinceCode?: string; operations?: ApiOperation[]; name?: string } = {},
): Promise<{ id: string; secret: string }> {
  const { key, secret } = await createApiKey(
    { scope: OPERATOR, entryPoint: 'cli', now: () => new Date() },
    {
      name: opts.name ?? 'Hệ thống chi trả thử',
      provinceCode: opts.provinceCode ?? '01',
      operations: opts.operations ?? ['payments', 'beneficiaries', 'verifications', 'broadcasts'],
    },
    srv.rt.sealer,
  );
  return { id: key.id, secret };
}

/** A call to the machine API as a client would make it: the key as a bearer token, a JSON body, maybe an idempotency key. */
export async function machineCall(
  srv: MiniappServer,
  path: string,
  init: { method?: string; key?: string | null; json?: unknown; raw?: string; idempotencyKey?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'accept-language': 'vi' };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  const body = init.raw ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let json: Reply['json'] = {};
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    json = {};
  }
  return { status: res.status, json, text, headers: res.headers };
}
