import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid, stableId } from './ids.js';

/** The register's figures as pages show them, so pages never scan the register. */
export type RegisterStats = {
  /** The figures include every change stored before this moment. */
  computedAt: Date;
  beneficiaries: number;
  byStatus: Record<string, number>;
  missing: Record<string, number>;
  recordsMissingAny: number;
  latestPeriod: string | null;
  paymentsByStatus: Record<string, number>;
};

/** What one batch of writes changed in the figures (counts to add; negative ones remove). */
export type StatsChange = {
  beneficiaries?: number;
  byStatus?: Record<string, number>;
  missing?: Record<string, number>;
  recordsMissingAny?: number;
  /** Payments by period, then by status. */
  payments?: Record<string, Record<string, number>>;
};

/**
 * One document of counters. Writers add what each batch changed (`add`); a full recount
 * (`replace`) repairs any drift, such as a process dying between a write and its count.
 */
type Doc = {
  _id: mongoose.Types.ObjectId;
  /** When the stored recount began (`NEVER`: only changes are noted, the figures must be counted). */
  countedAt: Date;
  /** When a writer last added a change. */
  changedAt: Date;
  beneficiaries: number;
  byStatus: Record<string, number>;
  missing: Record<string, number>;
  recordsMissingAny: number;
  payments: Record<string, Record<string, number>>;
};

const schema = new Schema(
  { _id: Schema.Types.ObjectId },
  { collection: 'register_figures', versionKey: false, strict: false },
);
const StatsModel = mongoose.model('RegisterFigures', schema);
const ID = stableId('register-figures');
/** `countedAt` of figures never counted, `changedAt` of figures never changed. */
const NEVER = new Date(0);

const positive = (counts: Record<string, number> = {}) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

/** `{a: {b: 1}}` → `{'a.b': 1}`, zeros left out: the paths `$inc` takes. */
function paths(value: Record<string, unknown>, prefix = ''): Record<string, number> {
  return Object.assign(
    {},
    ...Object.entries(value).map(([k, v]) =>
      typeof v === 'number' ? (v ? { [prefix + k]: v } : {}) : paths(v as Record<string, unknown>, `${prefix}${k}.`),
    ),
  ) as Record<string, number>;
}

/** The register's figures, kept in one document. */
export const registerStats = {
  async read(): Promise<RegisterStats | null> {
    const d = (await StatsModel.findById(oid(ID)).lean()) as Doc | null;
    if (!d || d.countedAt.getTime() === NEVER.getTime()) return null;
    const latestPeriod =
      Object.keys(d.payments ?? {})
        .filter((period) => Object.keys(positive(d.payments[period])).length)
        .sort()
        .at(-1) ?? null;
    return {
      computedAt: d.changedAt > d.countedAt ? d.changedAt : d.countedAt,
      beneficiaries: d.beneficiaries,
      byStatus: positive(d.byStatus),
      missing: positive(d.missing),
      recordsMissingAny: d.recordsMissingAny,
      latestPeriod,
      paymentsByStatus: latestPeriod ? positive(d.payments[latestPeriod]) : {},
    };
  },
  /**
   * Adds a batch's changes to the figures, in one atomic update. Before the first recount has
   * been stored there is nothing to add to: the document then only notes that something changed,
   * so a recount that began earlier is not stored and the figures are counted again when read.
   */
  async add(change: StatsChange, at: Date): Promise<void> {
    const inc = paths(change);
    if (!Object.keys(inc).length) return;
    const update = { $inc: inc, $set: { changedAt: at } };
    if ((await StatsModel.collection.updateOne({ _id: oid(ID) }, update)).matchedCount) return;
    try {
      await StatsModel.collection.insertOne({ _id: oid(ID), countedAt: NEVER, changedAt: at });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await StatsModel.collection.updateOne({ _id: oid(ID) }, update);
    }
  },
  /**
   * Stores a full recount that began at `stats.computedAt`, unless a writer added a change or
   * another recount began since: the recount may have missed those writes (returns false).
   */
  async replace(stats: RegisterStats): Promise<boolean> {
    const at = stats.computedAt;
    const body = {
      countedAt: at,
      beneficiaries: stats.beneficiaries,
      byStatus: stats.byStatus,
      missing: stats.missing,
      recordsMissingAny: stats.recordsMissingAny,
      payments: stats.latestPeriod ? { [stats.latestPeriod]: stats.paymentsByStatus } : {},
    };
    const older = { _id: oid(ID), countedAt: { $lt: at }, changedAt: { $lt: at } };
    if ((await StatsModel.collection.updateOne(older, { $set: body })).matchedCount) return true;
    try {
      await StatsModel.collection.insertOne({ _id: oid(ID), changedAt: NEVER, ...body });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await StatsModel.collection.updateOne(older, { $set: body })).matchedCount > 0;
    }
  },
};
