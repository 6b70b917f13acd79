import mongoose, { Schema } from 'mongoose';
import { PUSHDOWN } from './db/connection.js';
import { isDuplicateKey, oid, oids, stableId, wholeReply } from './ids.js';

/** Where a commune's monthly task stands; `open` is the only state reminders chase. */
export const TASK_STATUSES = ['open', 'done', 'not_applicable'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** States that end a task: nothing more is asked of the commune. */
export const CLOSED_STATUSES: ReadonlySet<TaskStatus> = new Set(['done', 'not_applicable']);

/** One commune's task for one period (`YYYY-MM`), with its deadline day (Asia/Ho_Chi_Minh). */
export type OfficerTask = {
  id: string;
  provinceCode: string;
  communeCode: string;
  task: string;
  period: string;
  deadlineDay: string;
  status: TaskStatus;
  completedAt: Date | null;
  /** `officer:<id>`, `cli`, or `import` (the payments import proved it). */
  completedBy: string | null;
  /** The door it was completed through: telegram, zalo, web, miniapp, cli, import. */
  completedVia: string | null;
};

/** The id of a commune's task for a period: one document per (commune, task, period). */
export function officerTaskIdFor(communeCode: string, task: string, period: string): string {
  return stableId('officer-task', communeCode, task, period);
}

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    provinceCode: { type: String, required: true },
    communeCode: { type: String, required: true },
    task: { type: String, required: true },
    period: { type: String, required: true },
    deadlineDay: { type: String, required: true },
    status: { type: String, required: true },
    completedAt: { type: Date, default: null },
    completedBy: { type: String, default: null },
    completedVia: { type: String, default: null },
  },
  { collection: 'officer_tasks', timestamps: true, versionKey: false },
);
// A province's or a commune's tasks of a period (the reminder pass, pages, reports, the CLI); the
// local FerretDB seeks the period through it (PUSHDOWN) instead of reading every month's tasks.
schema.index({ period: 1, provinceCode: 1, communeCode: 1 }, PUSHDOWN);

const TaskModel = mongoose.model('OfficerTask', schema);

type Doc = Omit<OfficerTask, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...d }: Doc): OfficerTask => ({
  id: String(_id),
  provinceCode: d.provinceCode,
  communeCode: d.communeCode,
  task: d.task,
  period: d.period,
  deadlineDay: d.deadlineDay,
  status: d.status,
  completedAt: d.completedAt ?? null,
  completedBy: d.completedBy ?? null,
  completedVia: d.completedVia ?? null,
});

/** Who closed a task, when, through which door. */
export type Closing = { at: Date; by: string; via: string };

/** Repository over commune tasks; every state change is one conditional update from `open`. */
export const officerTasks = {
  async byId(id: string): Promise<OfficerTask | null> {
    const d = (await TaskModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Tasks of a period, narrowed to a province and/or communes; ordered by commune then task. */
  async ofPeriod(filter: { provinceCode?: string; communeCodes?: readonly string[] }, period: string) {
    const q: Record<string, unknown> = { period };
    if (filter.provinceCode) q.provinceCode = filter.provinceCode;
    if (filter.communeCodes) q.communeCode = { $in: [...filter.communeCodes] };
    return ((await TaskModel.collection.find(q).toArray()) as Doc[])
      .map(plain)
      .sort((a, b) => a.communeCode.localeCompare(b.communeCode) || a.task.localeCompare(b.task));
  },
  /** The periods in which a province still has open tasks (a calendar edit moves their deadlines). */
  async openPeriods(provinceCode: string): Promise<string[]> {
    return ((await TaskModel.collection.distinct('period', { provinceCode, status: 'open' })) as string[]).sort();
  },
  /** Creates the tasks not stored yet (open); returns how many were created. Existing ones are left alone. */
  async insertMissing(rows: Omit<OfficerTask, 'id' | 'status' | 'completedAt' | 'completedBy' | 'completedVia'>[]) {
    if (!rows.length) return 0;
    const ids = rows.map((r) => officerTaskIdFor(r.communeCode, r.task, r.period));
    const found = await TaskModel.collection
      .find({ _id: { $in: oids(ids) } }, { projection: { _id: 1 }, batchSize: wholeReply(ids.length) })
      .toArray();
    const have = new Set(found.map((d) => String(d._id)));
    const now = new Date();
    const fresh = rows
      .map((r, i) => ({ _id: oid(ids[i]!), ...r }))
      .filter((d) => !have.has(String(d._id)))
      .map((d) => ({ ...d, status: 'open', completedAt: null, completedBy: null, completedVia: null }))
      .map((d) => ({ ...d, createdAt: now, updatedAt: now }));
    if (!fresh.length) return 0;
    try {
      await TaskModel.collection.insertMany(fresh, { ordered: false });
      return fresh.length;
    } catch (err) {
      // Another process created some of them at the same time: theirs stand.
      if (!isDuplicateKey(err)) throw err;
      return fresh.length - ((err as { writeErrors?: unknown[] }).writeErrors?.length ?? 0);
    }
  },
  /** Moves the deadline of a province's OPEN tasks of one kind and period (the calendar changed). */
  async moveOpenDeadlines(provinceCode: string, task: string, period: string, deadlineDay: string): Promise<number> {
    const res = await TaskModel.collection.updateMany(
      { period, provinceCode, task, status: 'open', deadlineDay: { $ne: deadlineDay } },
      { $set: { deadlineDay, updatedAt: new Date() } },
    );
    return res.modifiedCount;
  },
  /** Closes an open task; null when it was not open (already closed, or missing). */
  async close(id: string, status: Exclude<TaskStatus, 'open'>, closing: Closing): Promise<OfficerTask | null> {
    const d = (await TaskModel.collection.findOneAndUpdate(
      { _id: oid(id), status: 'open' },
      {
        $set: {
          status,
          completedAt: closing.at,
          completedBy: closing.by,
          completedVia: closing.via,
          updatedAt: closing.at,
        },
      },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Closes the open ones among these tasks as done, in one update; returns how many changed. */
  async closeMany(ids: readonly string[], closing: Closing): Promise<number> {
    if (!ids.length) return 0;
    const res = await TaskModel.collection.updateMany(
      { _id: { $in: oids(ids) }, status: 'open' },
      {
        $set: {
          status: 'done',
          completedAt: closing.at,
          completedBy: closing.by,
          completedVia: closing.via,
          updatedAt: closing.at,
        },
      },
    );
    return res.modifiedCount;
  },
};
