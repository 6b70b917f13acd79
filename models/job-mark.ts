import mongoose, { Schema } from 'mongoose';
import { oid, stableId } from './ids.js';

/**
 * How far a long pass over a collection got for one unit of work (e.g. `account-reminder:2027-01`):
 * `cursor` is the last id of the last page it finished, `doneAt` when it finished. A later run skips
 * a finished unit with one read, and a crashed one resumes after its cursor.
 */
export type JobMark = { key: string; cursor: string | null; doneAt: Date | null; updatedAt: Date };

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    key: { type: String, required: true },
    cursor: { type: String, default: null },
    doneAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'job_marks', versionKey: false },
);
const JobMarkModel = mongoose.model('JobMark', schema);

const idOf = (key: string) => oid(stableId('job-mark', key));
type Doc = JobMark & { _id: mongoose.Types.ObjectId };

/** Repository over job marks: one document per key, each change one atomic update of it. */
export const jobMarks = {
  async byKey(key: string): Promise<JobMark | null> {
    const d = (await JobMarkModel.collection.findOne({ _id: idOf(key) })) as Doc | null;
    if (!d) return null;
    return { key: d.key, cursor: d.cursor ?? null, doneAt: d.doneAt ?? null, updatedAt: d.updatedAt };
  },
  /**
   * Records a finished page. `$max` keeps the cursor moving forward only: two passes at once (the
   * job and an operator's `reminders run`) may finish pages out of order. Ids are 24-hex strings of
   * one length, so their string order is their order.
   */
  async advance(key: string, cursor: string, at: Date): Promise<void> {
    await JobMarkModel.collection.updateOne(
      { _id: idOf(key) },
      { $max: { cursor }, $set: { key, updatedAt: at }, $setOnInsert: { doneAt: null } },
      { upsert: true },
    );
  },
  /** Marks the unit finished; later runs for it do nothing. */
  async finish(key: string, at: Date): Promise<void> {
    await JobMarkModel.collection.updateOne(
      { _id: idOf(key) },
      { $set: { key, doneAt: at, updatedAt: at }, $setOnInsert: { cursor: null } },
      { upsert: true },
    );
  },
};
