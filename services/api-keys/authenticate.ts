import crypto from 'node:crypto';
import { apiKeys, type ApiOperation } from '../../models/api-key.js';
import type { Sealer } from '../crypto.js';
import { AppError, type Localized } from '../errors.js';
import type { Acting } from '../officers/scope.js';
import { parseApiKey, secretHashOf } from './keys.js';

/** Who is calling: a live key's id, province and operations. */
export type ApiClient = { keyId: string; name: string; provinceCode: string; operations: readonly ApiOperation[] };

/** Refusals of a machine request's key, in Vietnamese and English. */
export const API_AUTH_WORDS = {
  missing: {
    vi: 'Thiếu khóa API: gửi tiêu đề «Authorization: Bearer tas_…».',
    en: 'API key missing: send the header "Authorization: Bearer tas_…".',
  },
  unknown: {
    vi: 'Khóa API không đúng hoặc đã bị thu hồi.',
    en: 'The API key is not valid or has been revoked.',
  },
  operation: (op: ApiOperation): Localized => ({
    vi: `Khóa API này không được cấp quyền «${op}». Xin quản trị viên tỉnh cấp khóa có quyền này.`,
    en: `This API key is not allowed "${op}". Ask your province administrator for a key that is.`,
  }),
} satisfies Record<string, Localized | ((op: ApiOperation) => Localized)>;

/** Compares in constant time, so the hash cannot be guessed byte by byte from response times. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The client an `Authorization` header names: the key is read on every request, so a revocation
 * bites on the next one. Unknown, malformed or revoked keys are one refusal (401), saying no more.
 */
export async function authenticateApiKey(
  sealer: Sealer,
  authorization: string | undefined,
  now: Date,
): Promise<ApiClient> {
  const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  if (!presented) throw new AppError('unauthorized', API_AUTH_WORDS.missing);
  const parsed = parseApiKey(presented);
  const key = parsed ? await apiKeys.byId(parsed.keyId) : null;
  if (!parsed || !key || !sameHash(key.secretHash, secretHashOf(sealer, parsed.keyId, parsed.secret)) || key.revokedAt)
    throw new AppError('unauthorized', API_AUTH_WORDS.unknown);
  await apiKeys.noteUse(key.id, now);
  return { keyId: key.id, name: key.name, provinceCode: key.provinceCode, operations: key.operations };
}

/** Refuses (403) an operation the key was not given. */
export function assertOperation(client: ApiClient, op: ApiOperation): void {
  if (!client.operations.includes(op)) throw new AppError('forbidden', API_AUTH_WORDS.operation(op));
}

/** The client as the officer services take an actor: its province, entry point `api`. */
export function actingOfClient(client: ApiClient, now: () => Date): Acting {
  return {
    scope: {
      role: 'api_client',
      officerId: null,
      keyId: client.keyId,
      name: client.name,
      provinceCode: client.provinceCode,
      communeCodes: [],
    },
    entryPoint: 'api',
    now,
  };
}
