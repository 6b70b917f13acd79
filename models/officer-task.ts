// STUB (helper I): the contract's task documents; helper G owns the real model.
import mongoose, { Schema } from 'mongoose';
import { oid, stableId } from './ids.js';

export type OfficerTaskStatus = 'open' | 'done' | 'not_applicable';
export type OfficerTask = {
  id: string;
  provinceCode: string;
  communeCode: string;
  task: 'monthly_changes' | 'payment_list';
  period: string;
  deadlineDay: string;
  status: OfficerTaskStatus;
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
schema.index({ provinceCode: 1, period: 1, communeCode: 1 });
const Model = mongoose.model('OfficerTask', schema);

type Doc = Omit<OfficerTask, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): OfficerTask => ({ ...rest, id: String(_id) });

export const taskIdFor = (communeCode: string, task: string, period: string): string =>
  stableId('officer-task', communeCode, task, period);

export const officerTasks = {
  async insertMissing(rows: OfficerTask[]): Promise<void> {
    await Model.collection
      .insertMany(
        rows.map(({ id, ...r }) => ({ _id: oid(id), ...r })),
        { ordered: false },
      )
      .catch((err: { code?: number; writeErrors?: unknown }) => {
        if (err.code !== 11000 && !err.writeErrors) throw err;
      });
  },
  async byId(id: string): Promise<OfficerTask | null> {
    const d = (await Model.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
  async inArea(
    area: { provinceCode?: string; communeCodes?: readonly string[] },
    periods: string[],
  ): Promise<OfficerTask[]> {
    const filter: Record<string, unknown> = { period: { $in: periods } };
    if (area.provinceCode) filter.provinceCode = area.provinceCode;
    if (area.communeCodes) filter.communeCode = { $in: [...area.communeCodes] };
    return ((await Model.collection.find(filter).toArray()) as Doc[]).map(plain);
  },
  async settle(id: string, set: Partial<OfficerTask>): Promise<boolean> {
    return (await Model.collection.updateOne({ _id: oid(id), status: 'open' }, { $set: set })).matchedCount === 1;
  },
};
