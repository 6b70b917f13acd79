import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid, oids, wholeReply } from './ids.js';
import { PUSHDOWN } from './db/connection.js';
import { inIndexOrder } from './db/index-order.js';
import type { Lane, NewNotification, Outcome, StoredNotification } from './notification-types.js';
import { FINAL_STATUSES, naturalKey } from './notification-types.js';

export * from './notification-types.js';

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    channel: { type: String, required: true },
    address: { type: String, required: true },
    chatRef: { type: String, required: true },
    beneficiaryId: { type: String, default: null },
    eventKey: { type: String, required: true },
    period: { type: String, required: true },
    lane: { type: String, required: true },
    template: { type: String, required: true },
    lang: { type: String, required: true },
    vars: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, required: true },
    key: { type: String, required: true },
    notBefore: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    log: { type: [Schema.Types.Mixed], default: [] },
    claimToken: { type: String, default: null },
    claimedAt: { type: Date, default: null },
    recoveries: { type: Number, default: 0 },
    rateLimited: { type: Number, default: 0 },
    providerMessageId: { type: String, default: null },
    failure: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    broadcastId: { type: String, default: null },
    // Set when retention removed the values (services/retention.ts).
    bodyPurgedAt: { type: Date, default: null },
    // Stored only when true, so the sparse index below holds only urgent notices.
    urgent: { type: Boolean },
    // The beneficiary's place, for the dashboard's delivery counters (models/province-days.ts).
    provinceCode: { type: String },
    communeCode: { type: String },
    // Where the work that created it entered (services/correlation.ts); absent on older notices.
    correlationId: { type: String },
  },
  { collection: 'notifications', versionKey: false },
);
// The natural key (channel, chat, event): one notification per chat and event on every rung.
schema.index({ key: 1 }, { unique: true });
// Claims (created, in one lane, due first) and the sweeper (sending); FerretDB filters through it with our patch.
schema.index({ status: 1, lane: 1, notBefore: 1 }, PUSHDOWN);
// The stats endpoint counts one period.
schema.index({ period: 1 });
// A record that ends (death, moving out) cancels what still waits for it.
schema.index({ beneficiaryId: 1, status: 1 });
// A broadcast's pause, resume, cancel and progress: one updateMany or aggregate each.
schema.index({ broadcastId: 1, status: 1 }, PUSHDOWN);
// In quiet hours a dispatcher claims only urgent bulk work: found through the few notices that have the field.
schema.index({ urgent: 1 }, { sparse: true });

const NotificationModel = mongoose.model('Notification', schema);

/** Where a paused broadcast's notices wait: a `notBefore` no dispatcher reaches. */
export const HELD_UNTIL = new Date('9999-01-01T00:00:00Z');
const collection = () => NotificationModel.collection;

type Doc = Omit<StoredNotification, 'id'> & { _id: mongoose.Types.ObjectId; key: string };
const plain = ({ _id, key: _key, ...rest }: Doc): StoredNotification => ({ ...rest, id: String(_id) });

/**
 * Repository over the outbox. Every state change is one conditional single-document update
 * (or an updateMany or bulkWrite whose per-document condition makes it the same), so it is atomic on every rung.
 */
export const notifications = {
  /**
   * Inserts the ones that do not exist yet; returns the ids actually created. The ids are read first
   * because callers repeat themselves by design (the reminder pass every few minutes, an import run
   * again): one read then spares every engine a batch of duplicate-key write errors. Two callers at
   * once still meet at the unique _id, below.
   */
  async createMany(all: NewNotification[], now: Date): Promise<string[]> {
    if (!all.length) return [];
    const known = await collection()
      .find({ _id: { $in: oids(all.map((r) => r.id)) } }, { projection: { _id: 1 }, batchSize: wholeReply(all.length) })
      .toArray();
    const have = new Set(known.map((d) => String(d._id)));
    const rows = all.filter((r) => !have.has(r.id));
    if (!rows.length) return [];
    const docs: Doc[] = rows.map(({ id, ...r }) => ({
      _id: oid(id),
      ...r,
      key: naturalKey(r),
      status: 'created',
      notBefore: now,
      attempts: 0,
      log: [],
      claimToken: null,
      claimedAt: null,
      recoveries: 0,
      rateLimited: 0,
      providerMessageId: null,
      failure: null,
      createdAt: now,
      sentAt: null,
    }));
    try {
      await collection().insertMany(docs, { ordered: false });
      return rows.map((r) => r.id);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => w.index));
      return rows.filter((_, i) => !failed.has(i)).map((r) => r.id);
    }
  },

  /**
   * Cancels what still waits to be sent (`created`) for these records, except notices made with
   * `keepTemplates`; one updateMany whose condition is the status, so a notice already claimed for
   * sending is left to finish. Returns how many were cancelled.
   */
  async cancelPendingFor(beneficiaryIds: readonly string[], keepTemplates: readonly string[]): Promise<number> {
    if (!beneficiaryIds.length) return 0;
    const res = await collection().updateMany(
      {
        beneficiaryId: { $in: [...new Set(beneficiaryIds)] },
        status: 'created',
        template: { $nin: [...keepTemplates] },
      },
      { $set: { status: 'cancelled', failure: 'record_ended' } },
    );
    return res.modifiedCount;
  },

  async byIds(ids: readonly string[]): Promise<StoredNotification[]> {
    if (!ids.length) return [];
    return (
      (await NotificationModel.find({ _id: { $in: oids(ids) } })
        .batchSize(wholeReply(ids.length))
        .lean()) as Doc[]
    ).map(plain);
  },

  /**
   * Up to `limit` notifications in a lane that are due on these channels, oldest due first;
   * `urgentOnly`: only those marked urgent (bulk work during quiet hours).
   */
  async due(
    lane: Lane,
    now: Date,
    limit: number,
    channels: readonly string[],
    urgentOnly = false,
  ): Promise<StoredNotification[]> {
    const q = NotificationModel.find({
      status: 'created',
      lane,
      notBefore: { $lte: now },
      channel: { $in: channels },
      ...(urgentOnly ? { urgent: true } : {}),
    }).limit(limit);
    return ((await inIndexOrder(q, { notBefore: 1 }).lean()) as Doc[]).map(plain);
  },

  /**
   * Claims what is still `created` among `due` for one worker: one updateMany whose per-document
   * condition lets only one worker win each notification. When it changed all of them there was
   * no contention; otherwise it reads back which ones this worker won.
   */
  async claim(due: readonly StoredNotification[], token: string, now: Date): Promise<StoredNotification[]> {
    if (!due.length) return [];
    const ids = oids(due.map((n) => n.id));
    const res = await collection().updateMany(
      { _id: { $in: ids }, status: 'created' },
      { $set: { status: 'sending', claimToken: token, claimedAt: now } },
    );
    if (res.modifiedCount === due.length)
      return due.map((n) => ({ ...n, status: 'sending', claimToken: token, claimedAt: now }));
    const docs = (await NotificationModel.find({ _id: { $in: ids } })
      .batchSize(wholeReply(ids.length))
      .lean()) as Doc[];
    return docs.filter((d) => d.claimToken === token && d.status === 'sending').map(plain);
  },

  /**
   * Records a batch of successful sends in one command, each with the provider's id, only where
   * this worker's claim still holds. Returns how many changed to `sent`.
   */
  async settleSent(sent: { id: string; providerMessageId: string }[], token: string, at: Date): Promise<number> {
    if (!sent.length) return 0;
    const update = (providerMessageId: string): Record<string, unknown> => ({
      $set: { status: 'sent', providerMessageId, sentAt: at, claimToken: null },
      $inc: { attempts: 1 },
      $push: { log: { at, outcome: 'sent' } },
    });
    const res = await collection().bulkWrite(
      sent.map((s) => ({
        updateOne: {
          filter: { _id: oid(s.id), status: 'sending', claimToken: token },
          update: update(s.providerMessageId),
        },
      })),
      { ordered: false },
    );
    return res.modifiedCount;
  },

  /** Records a retry or a final failure for one notification, only while this worker's claim holds. */
  async settle(id: string, token: string, outcome: Outcome): Promise<boolean> {
    const filter = { _id: oid(id), status: 'sending', claimToken: token };
    const update: Record<string, unknown> =
      outcome.kind === 'retry'
        ? {
            $set: { status: 'created', notBefore: outcome.notBefore, claimToken: null, claimedAt: null },
            // A 429 is not an attempt: it is only counted, so a long throttle cannot grow the log.
            ...(outcome.counted
              ? { $inc: { attempts: 1 }, $push: { log: outcome.attempt } }
              : { $inc: { rateLimited: 1 } }),
          }
        : {
            $set: { status: outcome.status, failure: outcome.failure, claimToken: null },
            $inc: { attempts: outcome.counted ? 1 : 0 },
            ...(outcome.attempt ? { $push: { log: outcome.attempt } } : {}),
          };
    return (await collection().updateOne(filter, update)).modifiedCount === 1;
  },

  /** Hands claimed-but-unsent notifications back (a worker stopping cleanly, or a batch it cannot send now). */
  async release(ids: readonly string[], token: string, notBefore: Date): Promise<number> {
    if (!ids.length) return 0;
    const res = await collection().updateMany(
      { _id: { $in: oids(ids) }, status: 'sending', claimToken: token },
      { $set: { status: 'created', notBefore, claimToken: null, claimedAt: null } },
    );
    return res.modifiedCount;
  },

  /**
   * Puts back notifications whose worker died between claim and outcome. The one duplicate a
   * recovery can cause is a message whose request reached the provider before the crash.
   */
  async recoverStale(claimedBefore: Date, now: Date): Promise<number> {
    const res = await collection().updateMany(
      { status: 'sending', claimedAt: { $lt: claimedBefore } },
      {
        $set: { status: 'created', notBefore: now, claimToken: null, claimedAt: null },
        $inc: { recoveries: 1 },
      },
    );
    return res.modifiedCount;
  },

  /** Cancels the notices of these templates still waiting for these chats (an officer removed: their work notices). */
  async cancelWaiting(chatRefs: readonly string[], templates: readonly string[], reason: string): Promise<number> {
    if (!chatRefs.length || !templates.length) return 0;
    const res = await collection().updateMany(
      { status: 'created', chatRef: { $in: [...chatRefs] }, template: { $in: [...templates] } },
      { $set: { status: 'cancelled', failure: reason, claimToken: null } },
    );
    return res.modifiedCount;
  },

  /** Cancels the notices of these templates still waiting that are about one officer task (`vars.taskId`). */
  async cancelWaitingOfTasks(
    taskIds: readonly string[],
    templates: readonly string[],
    reason: string,
  ): Promise<number> {
    if (!taskIds.length) return 0;
    const res = await collection().updateMany(
      { status: 'created', template: { $in: [...templates] }, 'vars.taskId': { $in: [...taskIds] } },
      { $set: { status: 'cancelled', failure: reason, claimToken: null } },
    );
    return res.modifiedCount;
  },

  /**
   * Holds a broadcast's notices still waiting (`notBefore` at HELD_UNTIL, where no dispatcher looks),
   * or lets them go again from `now`: one updateMany each. Returns how many changed.
   */
  async holdBroadcast(broadcastId: string): Promise<number> {
    const res = await collection().updateMany(
      { broadcastId, status: 'created', notBefore: { $ne: HELD_UNTIL } },
      { $set: { notBefore: HELD_UNTIL } },
    );
    return res.modifiedCount;
  },
  async unholdBroadcast(broadcastId: string, now: Date): Promise<number> {
    const res = await collection().updateMany(
      { broadcastId, status: 'created', notBefore: HELD_UNTIL },
      { $set: { notBefore: now } },
    );
    return res.modifiedCount;
  },

  /** Cancels every notice of a broadcast still waiting; one already claimed by a dispatcher finishes. */
  async cancelBroadcast(broadcastId: string, reason: string): Promise<number> {
    const res = await collection().updateMany(
      { broadcastId, status: 'created' },
      { $set: { status: 'cancelled', failure: reason, claimToken: null } },
    );
    return res.modifiedCount;
  },

  /** A broadcast's notices counted by status and failure (one aggregate over its index). */
  async countBroadcast(broadcastId: string): Promise<{ status: string; failure: string | null; count: number }[]> {
    const rows = (await NotificationModel.aggregate([
      { $match: { broadcastId } },
      { $group: { _id: { status: '$status', failure: '$failure' }, count: { $sum: 1 } } },
    ])) as { _id: { status: string; failure?: string | null }; count: number }[];
    return rows.map((r) => ({ status: r._id.status, failure: r._id.failure ?? null, count: r.count }));
  },

  /** Whether any notice of this broadcast is still to be sent (waiting, held or being sent). */
  async broadcastHasUnfinished(broadcastId: string): Promise<boolean> {
    const one = await collection().findOne(
      { broadcastId, status: { $in: ['created', 'sending'] } },
      { projection: { _id: 1 } },
    );
    return one !== null;
  },

  /** Counts by status and channel for one period (the stats endpoint). */
  async countByStatus(period: string): Promise<{ channel: string; status: string; count: number }[]> {
    const rows = (await NotificationModel.aggregate([
      { $match: { period } },
      { $group: { _id: { channel: '$channel', status: '$status' }, count: { $sum: 1 } } },
    ])) as { _id: { channel: string; status: string }; count: number }[];
    return rows.map((r) => ({ channel: r._id.channel, status: r._id.status, count: r.count }));
  },

  /**
   * Retention: removes the values (names, amounts, reasons) of final notices created before `before`,
   * keeping their status, ids, attempts and times; one updateMany, and a notice already purged is
   * not touched again.
   */
  async purgeBodies(before: Date, now: Date): Promise<number> {
    const res = await collection().updateMany(
      { status: { $in: [...FINAL_STATUSES] }, createdAt: { $lt: before }, bodyPurgedAt: null },
      { $set: { vars: {}, bodyPurgedAt: now } },
    );
    return res.modifiedCount;
  },
  /**
   * Notices waiting or being sent, by channel, status and lane (the /metrics gauges): one aggregate
   * over the claim index, so a scrape reads the queue, never the whole history of the outbox.
   */
  async countOpenByChannelStatusLane(): Promise<{ channel: string; status: string; lane: string; count: number }[]> {
    const rows = (await NotificationModel.aggregate([
      { $match: { status: { $in: ['created', 'sending'] } } },
      { $group: { _id: { channel: '$channel', status: '$status', lane: '$lane' }, count: { $sum: 1 } } },
    ])) as { _id: { channel: string; status: string; lane: string }; count: number }[];
    return rows.map((r) => ({ channel: r._id.channel, status: r._id.status, lane: r._id.lane, count: r.count }));
  },
};
