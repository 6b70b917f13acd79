import mongoose, { Schema } from 'mongoose';
import { oid } from './ids.js';

/**
 * A write-ahead note that a batch of payments is being saved and its notices are due: written
 * before the payments, deleted once their notices exist. One left behind means the process died
 * in between, and the sweeper finishes the job (notice ids are deterministic, so redoing is safe).
 */
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    paymentIds: { type: [String], required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notice_intents', versionKey: false },
);
const NoticeIntentModel = mongoose.model('NoticeIntent', schema);

export type NoticeIntent = { id: string; paymentIds: string[]; createdAt: Date };

/** Repository over notice intents: one small document per import batch, so this collection stays tiny. */
export const noticeIntents = {
  async open(paymentIds: string[], now: Date): Promise<string | null> {
    if (!paymentIds.length) return null;
    const id = new mongoose.Types.ObjectId();
    await NoticeIntentModel.collection.insertOne({ _id: id, paymentIds, createdAt: now });
    return String(id);
  },
  async close(id: string | null): Promise<void> {
    if (id) await NoticeIntentModel.collection.deleteOne({ _id: oid(id) });
  },
  /** Intents older than `before`: their writer died (or is still running after a long time). */
  async olderThan(before: Date, limit = 100): Promise<NoticeIntent[]> {
    const rows = (await NoticeIntentModel.find({ createdAt: { $lt: before } })
      .limit(limit)
      .lean()) as { _id: unknown; paymentIds: string[]; createdAt: Date }[];
    return rows.map((r) => ({ id: String(r._id), paymentIds: r.paymentIds, createdAt: r.createdAt }));
  },
};
