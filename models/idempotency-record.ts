import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid } from './ids.js';

/** Where a machine write stands: being done, or done with the answer it gave. */
export const IDEMPOTENCY_STATES = ['in_flight', 'done'] as const;
/** One state of an idempotency record. */
export type IdempotencyState = (typeof IDEMPOTENCY_STATES)[number];

/**
 * One machine write under its client's `Idempotency-Key`: the id derives from the API key and the
 * idempotency key, so a second request with them meets this document; the answer is kept until
 * `expiresAt` (then the cleanup job deletes it).
 */
export type StoredIdempotency = {
  id: string;
  apiKeyId: string;
  requestHash: string;
  state: IdempotencyState;
  /** Which claim holds it: a claim retaken after a crash gets a new token, and only it may finish. */
  claimToken: string;
  claimedAt: Date;
  expiresAt: Date;
  /** The answer as sent: its status and its JSON text, replayed byte for byte. */
  response: { status: number; body: string } | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    apiKeyId: { type: String, required: true },
    requestHash: { type: String, required: true },
    state: { type: String, required: true },
    claimToken: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    response: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

const IdempotencyModel = mongoose.model('Idempotency', schema);

type Doc = Omit<StoredIdempotency, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...d }: Doc): StoredIdempotency => ({ ...d, id: String(_id), response: d.response ?? null });

/** Repository over idempotency records: claimed by insert, retaken and finished by conditional updates. */
export const idempotencyRecords = {
  /** Claims the id; false when a record holds it already. */
  async claim(r: StoredIdempotency): Promise<boolean> {
    const { id, ...rest } = r;
    return insertOnce(IdempotencyModel.collection, { _id: oid(id), ...rest });
  },
  async byId(id: string): Promise<StoredIdempotency | null> {
    const d = (await IdempotencyModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
  /**
   * Takes over a record whose claim is the one read (`claimToken`): an expired one, or one left in
   * flight by a request that died. Exactly one taker wins.
   */
  async retake(
    id: string,
    seenToken: string,
    fresh: Pick<StoredIdempotency, 'requestHash' | 'claimToken' | 'claimedAt' | 'expiresAt'>,
  ): Promise<boolean> {
    const res = await IdempotencyModel.collection.updateOne(
      { _id: oid(id), claimToken: seenToken },
      { $set: { ...fresh, state: 'in_flight', response: null } },
    );
    return res.modifiedCount === 1;
  },
  /** Stores the answer, if this claim still holds the record. */
  async finish(id: string, claimToken: string, response: { status: number; body: string }): Promise<boolean> {
    const res = await IdempotencyModel.collection.updateOne(
      { _id: oid(id), claimToken, state: 'in_flight' },
      { $set: { state: 'done', response } },
    );
    return res.modifiedCount === 1;
  },
  /** Lets go of a claim whose request failed on our side, so the client's retry runs it again. */
  async release(id: string, claimToken: string): Promise<void> {
    await IdempotencyModel.collection.deleteOne({ _id: oid(id), claimToken, state: 'in_flight' });
  },
  /** Deletes records whose answer is no longer kept. */
  async removeExpired(now: Date): Promise<number> {
    return (await IdempotencyModel.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  },
};
