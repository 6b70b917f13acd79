import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { API_OPERATIONS, apiKeys, type ApiOperation, type StoredApiKey } from '../../models/api-key.js';
import { provinceByCode } from '../../models/provinces.js';
import type { Sealer } from '../crypto.js';
import { AppError, type Localized } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, SCOPE_WORDS, unknownProvince, type Acting } from '../officers/scope.js';

export { API_OPERATIONS, type ApiOperation };

/** A key as its administrators see it: never the secret, nor its hash. */
export type ApiKeyView = Omit<StoredApiKey, 'secretHash'> & {
  provinceName: string;
  state: 'active' | 'revoked';
  /** The start of the key (`tas_<id>`), so a holder can tell which key they have. */
  prefix: string;
};

/** What an administrator asks for. */
export type ApiKeyInput = { name: string; provinceCode?: string; operations: string[] };

/** Refusals of key management, in Vietnamese and English. */
export const API_KEY_WORDS = {
  name: {
    vi: 'Tên khóa: cần ghi khóa dùng cho hệ thống nào (1–100 ký tự).',
    en: 'Key name: say which system the key is for (1–100 characters).',
  },
  operations: {
    vi: `Quyền của khóa: chọn ít nhất một trong ${API_OPERATIONS.join(', ')}.`,
    en: `Key operations: choose at least one of ${API_OPERATIONS.join(', ')}.`,
  },
  province: {
    vi: 'Cần ghi mã tỉnh (2 chữ số) của khóa.',
    en: "The key's province code (2 digits) is needed.",
  },
  notFound: { vi: 'Không tìm thấy khóa API này.', en: 'This API key was not found.' },
  otherProvince: {
    vi: 'Anh/chị chỉ quản lý khóa API của tỉnh mình.',
    en: "You manage only your own province's API keys.",
  },
  machine: {
    vi: 'Khóa API không dùng để tạo hay thu hồi khóa API.',
    en: 'An API key cannot create or revoke API keys.',
  },
} satisfies Record<string, Localized>;

const PREFIX = 'tas_';
/** `tas_<key id>_<secret>`: the id finds the key, the secret (256 random bits) proves it. */
const KEY_FORMAT = /^tas_([0-9a-f]{24})_([0-9a-f]{64})$/;

/** The keyed hash stored for a secret; bound to the key's id, so a hash cannot be moved to another key. */
export function secretHashOf(sealer: Sealer, keyId: string, secret: string): string {
  return sealer.index('api-key', `${keyId}:${secret}`);
}

/** A presented key's id and secret, or null for anything that is not shaped like one of ours. */
export function parseApiKey(presented: string): { keyId: string; secret: string } | null {
  const m = KEY_FORMAT.exec(presented);
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

/** The view of a stored key. */
export function viewOfKey(k: StoredApiKey): ApiKeyView {
  const { secretHash: _hash, ...rest } = k;
  return {
    ...rest,
    provinceName: provinceByCode(k.provinceCode)?.name ?? k.provinceCode,
    state: k.revokedAt ? 'revoked' : 'active',
    prefix: `${PREFIX}${k.id}`,
  };
}

/** The province a key is made for: a province administrator's own; the operator names one. */
function provinceFor(acting: Acting, asked: string | undefined): string {
  const { scope } = acting;
  if (scope.role === 'api_client') throw new AppError('forbidden', API_KEY_WORDS.machine);
  if (scope.role === 'commune_officer') throw new AppError('forbidden', SCOPE_WORDS.adminOnly);
  const code = asked?.trim() || scope.provinceCode;
  if (!code) throw new AppError('invalid_input', API_KEY_WORDS.province);
  if (!provinceByCode(code)) throw new AppError('invalid_input', unknownProvince(code));
  if (scope.provinceCode !== null && scope.provinceCode !== code)
    throw new AppError('forbidden', API_KEY_WORDS.otherProvince);
  return code;
}

function operationsOf(asked: unknown): ApiOperation[] {
  const list = Array.isArray(asked) ? asked : [];
  const known = new Set<string>(API_OPERATIONS);
  if (!list.length || list.some((o) => typeof o !== 'string' || !known.has(o)))
    throw new AppError('invalid_input', API_KEY_WORDS.operations);
  return API_OPERATIONS.filter((o) => list.includes(o));
}

/**
 * Makes a key for a province (a province administrator: their own; the operator: the one named),
 * audit-logged. The secret is in the answer only: what is stored is its keyed hash.
 */
export async function createApiKey(
  acting: Acting,
  input: ApiKeyInput,
  sealer: Sealer,
): Promise<{ key: ApiKeyView; secret: string }> {
  const provinceCode = provinceFor(acting, input.provinceCode);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100) throw new AppError('invalid_input', API_KEY_WORDS.name);
  const operations = operationsOf(input.operations);
  const id = new Types.ObjectId().toHexString();
  const secret = crypto.randomBytes(32).toString('hex');
  const stored: StoredApiKey = {
    id,
    name,
    provinceCode,
    operations,
    secretHash: secretHashOf(sealer, id, secret),
    createdAt: acting.now(),
    createdBy: actorOf(acting.scope),
    revokedAt: null,
    revokedBy: null,
    lastUsedAt: null,
  };
  if (!(await apiKeys.insert(stored))) throw new Error('api key id collision');
  await auditOfficer(acting, {
    action: 'api_key_create',
    entity: 'api_key',
    entityIds: [id],
    note: `${provinceCode}; ${operations.join(',')}`,
  });
  return { key: viewOfKey(stored), secret: `${PREFIX}${id}_${secret}` };
}

/** The keys an administrator may see: their province's; the operator's, every province's (or the one named). */
export async function listApiKeys(acting: Acting, opts: { provinceCode?: string } = {}): Promise<ApiKeyView[]> {
  const { scope } = acting;
  if (scope.role === 'api_client') throw new AppError('forbidden', API_KEY_WORDS.machine);
  if (scope.role === 'commune_officer') throw new AppError('forbidden', SCOPE_WORDS.adminOnly);
  const province = scope.role === 'operator' ? (opts.provinceCode ?? null) : provinceFor(acting, opts.provinceCode);
  return (await apiKeys.list(province)).map(viewOfKey);
}

/**
 * Revokes a key at once: the next request with it is refused. Revoking a key already revoked
 * changes nothing (and is not audited twice).
 */
export async function revokeApiKey(acting: Acting, keyId: string): Promise<ApiKeyView> {
  const k = /^[0-9a-f]{24}$/.test(keyId) ? await apiKeys.byId(keyId) : null;
  if (!k) throw new AppError('not_found', API_KEY_WORDS.notFound);
  provinceFor(acting, k.provinceCode);
  const revoked = await apiKeys.revoke(k.id, actorOf(acting.scope), acting.now());
  if (!revoked) return viewOfKey((await apiKeys.byId(k.id))!);
  await auditOfficer(acting, { action: 'api_key_revoke', entity: 'api_key', entityIds: [k.id], note: k.provinceCode });
  return viewOfKey(revoked);
}
