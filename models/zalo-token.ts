import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid, stableId } from './ids.js';

/**
 * The Zalo OA's token pair: one document per OA. Tokens are stored sealed (services/crypto.ts); this
 * file only moves the sealed strings. Every change is a conditional update on `version` (or on the
 * lease owner), so two processes can never both move the pair forward from the same version.
 */
const pair = new Schema(
  { access: String, refresh: String, accessExpiresAt: Number, issuedAt: Number },
  { _id: false, versionKey: false },
);
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    key: { type: String, required: true, unique: true },
    version: { type: Number, required: true },
    current: { type: pair, default: null },
    previous: { type: pair, default: null },
    pending: { type: pair, default: null },
    lease: { type: new Schema({ owner: String, until: Number }, { _id: false }), default: null },
    failure: {
      type: new Schema(
        { key: String, since: Number, reason: String, attempts: Number, retryAt: Number, alerted: Boolean },
        { _id: false },
      ),
      default: null,
    },
  },
  { collection: 'zalo_tokens', versionKey: false },
);
const ZaloTokenModel = mongoose.model('ZaloToken', schema);

/** A pair as stored: both tokens sealed, times in epoch ms. */
export type SealedPair = { access: string; refresh: string; accessExpiresAt: number; issuedAt: number };

/** A run of failed refreshes; `key` names it (the alert's event key), `alerted` once someone was told. */
export type RefreshFailure = {
  key: string;
  since: number;
  reason: string;
  attempts: number;
  retryAt: number;
  alerted: boolean;
};

export type ZaloTokenDoc = {
  key: string;
  version: number;
  /** The confirmed pair. */
  current: SealedPair | null;
  /** The pair before the last refresh, kept for the record (its refresh token is spent). */
  previous: SealedPair | null;
  /** A pair Zalo issued that is stored but not yet confirmed (its writer may have died in between). */
  pending: SealedPair | null;
  lease: { owner: string; until: number } | null;
  failure: RefreshFailure | null;
};

const idOf = (key: string) => oid(stableId('zalo-token', key));
const coll = () => ZaloTokenModel.collection;

function read(doc: unknown): ZaloTokenDoc | null {
  if (!doc) return null;
  const d = doc as Partial<ZaloTokenDoc>;
  return {
    key: d.key ?? '',
    version: d.version ?? 0,
    current: d.current ?? null,
    previous: d.previous ?? null,
    pending: d.pending ?? null,
    lease: d.lease ?? null,
    failure: d.failure ?? null,
  };
}

/** Repository of the OA token document. */
export const zaloTokens = {
  async get(key: string): Promise<ZaloTokenDoc | null> {
    return read(await coll().findOne({ _id: idOf(key) }));
  },

  /** Puts an administrator's pair in place of whatever was there (a fresh grant starts over). */
  async seed(key: string, p: SealedPair): Promise<void> {
    await insertOnce(coll(), {
      _id: idOf(key),
      key,
      version: 0,
      current: null,
      previous: null,
      pending: null,
      lease: null,
      failure: null,
    });
    await coll().updateOne(
      { _id: idOf(key) },
      { $set: { current: p, pending: null, lease: null, failure: null }, $inc: { version: 1 } },
    );
  },

  /** Takes the refresh lease when nobody holds it or its holder's time ran out; the document, or null. */
  async takeLease(key: string, owner: string, nowMs: number, leaseMs: number): Promise<ZaloTokenDoc | null> {
    const doc = await coll().findOneAndUpdate(
      { _id: idOf(key), $or: [{ lease: null }, { 'lease.until': { $lt: nowMs } }] },
      { $set: { lease: { owner, until: nowMs + leaseMs } } },
      { returnDocument: 'after' },
    );
    return read(doc);
  },

  async releaseLease(key: string, owner: string): Promise<void> {
    await coll().updateOne({ _id: idOf(key), 'lease.owner': owner }, { $set: { lease: null } });
  },

  /**
   * Stores a pair Zalo just issued, before anything else: only on the version it was refreshed from
   * (the refresh token of that version could be spent once, so no other process can hold a newer pair).
   */
  async storePending(key: string, version: number, p: SealedPair): Promise<boolean> {
    const res = await coll().updateOne({ _id: idOf(key), version, pending: null }, { $set: { pending: p } });
    return res.modifiedCount === 1;
  },

  /** Makes the pending pair current (the old one becomes `previous`), ends any failure episode. */
  async confirmPending(key: string, version: number): Promise<boolean> {
    const doc = await coll().findOne({ _id: idOf(key), version });
    const d = read(doc);
    if (!d?.pending) return false;
    const res = await coll().updateOne(
      { _id: idOf(key), version, 'pending.refresh': d.pending.refresh },
      { $set: { previous: d.current, current: d.pending, pending: null, failure: null }, $inc: { version: 1 } },
    );
    return res.modifiedCount === 1;
  },

  /** Records a failed refresh on `version`: starts an episode or extends the current one. */
  async recordFailure(
    key: string,
    version: number,
    f: { episodeKey: string; reason: string; nowMs: number; retryAt: number },
  ): Promise<ZaloTokenDoc | null> {
    await coll().updateOne(
      { _id: idOf(key), version, failure: null },
      {
        $set: {
          failure: { key: f.episodeKey, since: f.nowMs, reason: f.reason, attempts: 0, retryAt: 0, alerted: false },
        },
      },
    );
    const doc = await coll().findOneAndUpdate(
      { _id: idOf(key), version, failure: { $ne: null } },
      { $set: { 'failure.reason': f.reason, 'failure.retryAt': f.retryAt }, $inc: { 'failure.attempts': 1 } },
      { returnDocument: 'after' },
    );
    return read(doc);
  },

  /** Marks the episode's alert as sent; false when someone already did (only the winner alerts). */
  async markAlerted(key: string, episodeKey: string): Promise<boolean> {
    const res = await coll().updateOne(
      { _id: idOf(key), 'failure.key': episodeKey, 'failure.alerted': false },
      { $set: { 'failure.alerted': true } },
    );
    return res.modifiedCount === 1;
  },
};
