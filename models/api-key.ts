import mongoose, { Schema } from 'mongoose';
import { PUSHDOWN } from './db/connection.js';
import { insertOnce, oid } from './ids.js';

/** What a machine client may do with its key. */
export const API_OPERATIONS = ['payments', 'beneficiaries', 'verifications', 'broadcasts'] as const;
/** One operation a key may be given. */
export type ApiOperation = (typeof API_OPERATIONS)[number];

/**
 * A province's key for a machine client (the ministry's payment system, a provincial portal). Only
 * a keyed hash of the secret is stored: the secret is shown once, when the key is made.
 */
export type StoredApiKey = {
  id: string;
  /** What the key is for, as the administrator named it ("Hệ thống chi trả của Bộ"). */
  name: string;
  provinceCode: string;
  operations: ApiOperation[];
  secretHash: string;
  createdAt: Date;
  /** The audit actor who made it (`officer:<id>`, `cli`). */
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    name: { type: String, required: true },
    provinceCode: { type: String, required: true },
    operations: { type: [String], default: [] },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
// A province's keys, for its administrators' list.
schema.index({ provinceCode: 1 }, PUSHDOWN);

const ApiKeyModel = mongoose.model('ApiKey', schema);

type Doc = Omit<StoredApiKey, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...d }: Doc): StoredApiKey => ({
  id: String(_id),
  name: d.name,
  provinceCode: d.provinceCode,
  operations: [...(d.operations ?? [])],
  secretHash: d.secretHash,
  createdAt: d.createdAt,
  createdBy: d.createdBy,
  revokedAt: d.revokedAt ?? null,
  revokedBy: d.revokedBy ?? null,
  lastUsedAt: d.lastUsedAt ?? null,
});

/** Lets a key's last use be written at most this often, so a busy client costs one write a minute, not one a request. */
const LAST_USED_EVERY_MS = 60_000;

/** Repository over API keys: created once, revoked by one conditional update. */
export const apiKeys = {
  /** False when the id is taken (a random id: practically never). */
  async insert(k: StoredApiKey): Promise<boolean> {
    const { id, ...rest } = k;
    return insertOnce(ApiKeyModel.collection, { _id: oid(id), ...rest });
  },
  async byId(id: string): Promise<StoredApiKey | null> {
    const d = (await ApiKeyModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Keys of one province (or every province), newest first. */
  async list(provinceCode: string | null): Promise<StoredApiKey[]> {
    const found = (await ApiKeyModel.collection
      .find(provinceCode ? { provinceCode } : {})
      .toArray()) as unknown as Doc[];
    return found.map(plain).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  },
  /** Revokes a live key; null when it was already revoked (or is unknown). */
  async revoke(id: string, by: string, at: Date): Promise<StoredApiKey | null> {
    const d = (await ApiKeyModel.collection.findOneAndUpdate(
      { _id: oid(id), revokedAt: null },
      { $set: { revokedAt: at, revokedBy: by } },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Notes a use, unless one was noted in the last minute. */
  async noteUse(id: string, at: Date): Promise<void> {
    await ApiKeyModel.collection.updateOne(
      {
        _id: oid(id),
        $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(at.getTime() - LAST_USED_EVERY_MS) } }],
      },
      { $set: { lastUsedAt: at } },
    );
  },
};
