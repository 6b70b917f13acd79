import mongoose, { Schema } from 'mongoose';
import { oid, stableId } from './ids.js';

/** Register figures computed by a background job, so pages never scan the register. */
export type RegisterStats = {
  computedAt: Date;
  beneficiaries: number;
  byStatus: Record<string, number>;
  missing: Record<string, number>;
  recordsMissingAny: number;
  latestPeriod: string | null;
  paymentsByStatus: Record<string, number>;
};

const schema = new Schema(
  { _id: Schema.Types.ObjectId, stats: Schema.Types.Mixed },
  { collection: 'register_stats', versionKey: false },
);
const StatsModel = mongoose.model('RegisterStats', schema);
const ID = stableId('register-stats');

/** The single cached statistics document. */
export const registerStats = {
  async read(): Promise<RegisterStats | null> {
    const d = (await StatsModel.findById(oid(ID)).lean()) as { stats: RegisterStats } | null;
    return d?.stats ?? null;
  },
  async write(stats: RegisterStats): Promise<void> {
    const res = await StatsModel.collection.updateOne({ _id: oid(ID) }, { $set: { stats } });
    if (res.matchedCount === 0) {
      await StatsModel.collection.insertOne({ _id: oid(ID), stats }).catch(async () => {
        await StatsModel.collection.updateOne({ _id: oid(ID) }, { $set: { stats } });
      });
    }
  },
};
