import mongoose, { Schema } from 'mongoose';
import { oid, stableId } from './ids.js';

// STUB (helper H): the real model is helper G's; same shape and id as the issue 19 contract.

export const TASK_STATUSES = ['open', 'done', 'not_applicable'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** One commune's task for one period. */
export type OfficerTask = {
  id: string;
  provinceCode: string;
  communeCode: string;
  task: string;
  period: string;
  deadlineDay: string;
  status: TaskStatus;
  completedAt: Date | null;
  completedBy: string | null;
  completedVia: string | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    provinceCode: String,
    communeCode: String,
    task: String,
    period: String,
    deadlineDay: String,
    status: String,
    completedAt: { type: Date, default: null },
    completedBy: { type: String, default: null },
    completedVia: { type: String, default: null },
  },
  { collection: 'officer_tasks', versionKey: false },
);
schema.index({ provinceCode: 1, period: 1 });

const TaskModel = mongoose.model('OfficerTask', schema);
type Doc = Omit<OfficerTask, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...d }: Doc): OfficerTask => ({ ...d, id: String(_id) });

/** The id of a commune's task for a period. */
export const taskIdFor = (communeCode: string, task: string, period: string): string =>
  stableId('officer-task', communeCode, task, period);

/** Repository over officer tasks (STUB). */
export const officerTasks = {
  async upsertOpen(rows: Omit<OfficerTask, 'id' | 'status' | 'completedAt' | 'completedBy' | 'completedVia'>[]) {
    if (!rows.length) return;
    await TaskModel.collection.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { _id: oid(taskIdFor(r.communeCode, r.task, r.period)) },
          update: {
            $setOnInsert: { ...r, status: 'open', completedAt: null, completedBy: null, completedVia: null },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  },
  async find(q: Record<string, unknown>): Promise<OfficerTask[]> {
    return ((await TaskModel.collection.find(q).toArray()) as Doc[]).map(plain);
  },
  async setStatus(id: string, from: string, set: Partial<OfficerTask>): Promise<OfficerTask | null> {
    const d = (await TaskModel.collection.findOneAndUpdate(
      { _id: oid(id), status: from },
      { $set: set },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  async byId(id: string): Promise<OfficerTask | null> {
    const d = (await TaskModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
};
