import mongoose, { Schema } from 'mongoose';

/** Where a change came from. */
export type EntryPoint = 'import' | 'bot' | 'miniapp' | 'cli' | 'system' | 'api';

/** Who changed what, when and through which entry point; never the personal values themselves. */
export type AuditEntry = {
  entryPoint: EntryPoint;
  actor: string;
  action: string;
  entity: string;
  entityIds: string[];
  fields?: string[];
  note?: string;
  /** For the mini-app: the door it was opened through (telegram, zalo, web). */
  via?: string;
};

const schema = new Schema(
  {
    at: { type: Date, required: true },
    entryPoint: { type: String, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityIds: [String],
    fields: [String],
    note: String,
    via: String,
  },
  { collection: 'audit_log', versionKey: false },
);

const AuditModel = mongoose.model('Audit', schema);

/** Append-only audit log. */
export const auditLog = {
  async append(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const at = new Date();
    await AuditModel.collection.insertMany(
      entries.map((e) => ({ _id: new mongoose.Types.ObjectId(), at, ...e })),
      { ordered: false },
    );
  },
  /** Retention: deletes the entries older than `before` (one deleteMany). */
  async removeBefore(before: Date): Promise<number> {
    return (await AuditModel.collection.deleteMany({ at: { $lt: before } })).deletedCount;
  },
  async recent(limit = 50): Promise<(AuditEntry & { at: Date })[]> {
    return (await AuditModel.find({}, { _id: 0 }).sort({ _id: -1 }).limit(limit).lean()) as unknown as (AuditEntry & {
      at: Date;
    })[];
  },
};
