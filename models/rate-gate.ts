import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid, stableId } from './ids.js';

/**
 * A shared send schedule (GCRA): `tat` is the earliest moment the next message may go, so every
 * worker process that reserves slots here stays, together, under one rate.
 */
const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    key: { type: String, required: true, unique: true },
    tat: { type: Number, required: true },
    pausedUntil: { type: Number, required: true },
  },
  { collection: 'rate_gates', versionKey: false },
);
const RateGateModel = mongoose.model('RateGate', schema);

type Doc = { _id: unknown; tat: number; pausedUntil: number };

/**
 * Each gate as this process last wrote it. A reservation first tries its compare-and-set on these
 * values, one command when no other process moved the gate since; it reads the gate only when the
 * compare-and-set finds it moved.
 */
const lastSeen = new Map<string, Doc>();

/** Repository over rate gates; every change is a compare-and-set on the values last seen. */
export const rateGates = {
  /**
   * Reserves `count` slots spaced `intervalMs` apart and returns when the first one starts
   * (epoch ms). The caller sends message i at `start + i * intervalMs`.
   */
  async reserve(key: string, count: number, intervalMs: number, nowMs: number): Promise<number> {
    const id = oid(stableId('rate-gate', key));
    let doc = lastSeen.get(key) ?? null;
    for (;;) {
      if (!doc) {
        doc = (await RateGateModel.collection.findOne({ _id: id })) as Doc | null;
        if (!doc) {
          await insertOnce(RateGateModel.collection, { _id: id, key, tat: 0, pausedUntil: 0 });
          doc = (await RateGateModel.collection.findOne({ _id: id })) as unknown as Doc;
        }
      }
      const start = Math.max(nowMs, doc.tat, doc.pausedUntil);
      const tat = Math.ceil(start + count * intervalMs);
      const res = await RateGateModel.collection.updateOne(
        { _id: id, tat: doc.tat, pausedUntil: doc.pausedUntil },
        { $set: { tat } },
      );
      if (res.modifiedCount === 1) {
        lastSeen.set(key, { ...doc, tat });
        return start;
      }
      doc = null;
    }
  },
  /** Stops every worker from sending through this gate until `untilMs` (a 429's retry_after). */
  async pause(key: string, untilMs: number): Promise<void> {
    lastSeen.delete(key);
    await RateGateModel.collection.updateOne(
      { _id: oid(stableId('rate-gate', key)), pausedUntil: { $lt: untilMs } },
      { $set: { pausedUntil: untilMs } },
    );
  },
  async pausedUntil(key: string): Promise<number> {
    const doc = (await RateGateModel.collection.findOne({ _id: oid(stableId('rate-gate', key)) })) as Doc | null;
    return doc?.pausedUntil ?? 0;
  },
};
