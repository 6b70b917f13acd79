import mongoose, { Schema } from 'mongoose';
import { PUSHDOWN } from './db/connection.js';
import { insertOnce, oid } from './ids.js';

/** Where an event from Zalo's webhook stands: waiting (or being handled), handled, or given up on. */
export const ZALO_EVENT_STATES = ['pending', 'done', 'failed'] as const;
export type ZaloEventState = (typeof ZALO_EVENT_STATES)[number];

/**
 * One event Zalo delivered to the OA webhook, stored before the webhook answers 200 so a crash
 * after that answer loses nothing. The id is derived from the event's own identity (its `msg_id`,
 * or its name, user and timestamp), so a repeated delivery finds the id taken and is dropped.
 * `sealedBody` is the request body encrypted with the data key (it may hold a phone number or a
 * typed ID number); it is removed once the event is handled, leaving the id for de-duplication.
 */
export type StoredZaloEvent = {
  id: string;
  eventName: string;
  userId: string;
  state: ZaloEventState;
  sealedBody: string | null;
  receivedAt: Date;
  attempts: number;
  /** Until when the process that claimed the event may keep it; null when nobody holds it. */
  claimedUntil: Date | null;
  handledAt: Date | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    eventName: { type: String, required: true },
    userId: { type: String, required: true },
    state: { type: String, enum: ZALO_EVENT_STATES, required: true },
    sealedBody: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    claimedUntil: { type: Date, default: null },
    handledAt: { type: Date, default: null },
  },
  { collection: 'zalo_events', versionKey: false },
);
// The sweep looks for pending events; almost every stored event is done, so this keeps it small.
schema.index({ state: 1 }, PUSHDOWN);

const ZaloEventModel = mongoose.model('ZaloEvent', schema);
type Doc = Omit<StoredZaloEvent, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredZaloEvent => ({ id: String(_id), ...rest });

/** Repository over webhook events: inserted once under their derived id, then claimed and closed by conditional updates. */
export const zaloEvents = {
  /** Stores a new event; false when an event with this id was stored before (a repeated delivery). */
  async store(e: Pick<StoredZaloEvent, 'id' | 'eventName' | 'userId' | 'sealedBody' | 'receivedAt'>): Promise<boolean> {
    return insertOnce(ZaloEventModel.collection, {
      _id: oid(e.id),
      eventName: e.eventName,
      userId: e.userId,
      state: 'pending',
      sealedBody: e.sealedBody,
      receivedAt: e.receivedAt,
      attempts: 0,
      claimedUntil: null,
      handledAt: null,
    });
  },
  /** Takes a pending event nobody holds (or whose holder's lease ran out) until `until`; null otherwise. */
  async claim(id: string, now: Date, until: Date): Promise<StoredZaloEvent | null> {
    const d = await ZaloEventModel.collection.findOneAndUpdate(
      { _id: oid(id), state: 'pending', $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }] },
      { $set: { claimedUntil: until }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    return d ? plain(d as unknown as Doc) : null;
  },
  /** Closes a handled (or abandoned) event and drops its body; the id stays for de-duplication. */
  async close(id: string, state: Exclude<ZaloEventState, 'pending'>, at: Date): Promise<void> {
    await ZaloEventModel.collection.updateOne(
      { _id: oid(id), state: 'pending' },
      { $set: { state, sealedBody: null, claimedUntil: null, handledAt: at } },
    );
  },
  /** Hands a claimed event back, to be tried again by the sweep from `retryAt`. */
  async release(id: string, retryAt: Date): Promise<void> {
    await ZaloEventModel.collection.updateOne({ _id: oid(id), state: 'pending' }, { $set: { claimedUntil: retryAt } });
  },
  /** Pending events nobody holds now, received before `receivedBefore`, oldest first (at most `limit`). */
  async due(now: Date, receivedBefore: Date, limit: number): Promise<StoredZaloEvent[]> {
    const docs = (await ZaloEventModel.collection
      .find({
        state: 'pending',
        receivedAt: { $lte: receivedBefore },
        $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
      })
      .limit(limit)
      .toArray()) as unknown as Doc[];
    return docs.map(plain).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  },
  async byId(id: string): Promise<StoredZaloEvent | null> {
    const d = (await ZaloEventModel.collection.findOne({ _id: oid(id) })) as unknown as Doc | null;
    return d ? plain(d) : null;
  },
  /** Forgets closed events received before `before` (past the window in which Zalo could deliver them again). */
  async pruneClosed(before: Date): Promise<number> {
    const res = await ZaloEventModel.collection.deleteMany({
      state: { $in: ['done', 'failed'] },
      receivedAt: { $lt: before },
    });
    return res.deletedCount;
  },
};
