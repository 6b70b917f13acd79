import mongoose, { Schema } from 'mongoose';
import { PUSHDOWN } from './db/connection.js';
import { insertOnce, oid, wholeReply } from './ids.js';
import type { Lang } from './chat.js';
import type { VerificationState } from './account-details.js';
import type { PaymentStatus } from './payment.js';

/**
 * Where a broadcast stands. `draft` waits for its author to send it; `awaiting_approval` for a second
 * province administrator; `scheduled` for its time; `sending` while its audience is expanded into
 * notices and those are sent; `paused` holds both; `done` once every notice is final.
 */
export const BROADCAST_STATES = [
  'draft',
  'awaiting_approval',
  'scheduled',
  'sending',
  'paused',
  'done',
  'cancelled',
] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];
/** States a broadcast never leaves. */
export const FINAL_BROADCAST_STATES: ReadonlySet<BroadcastState> = new Set(['done', 'cancelled']);

/** Who receives it: the chats linked to matching records, the officers' chats, or both. */
export const BROADCAST_AUDIENCES = ['beneficiaries', 'officers', 'both'] as const;
export type BroadcastAudience = (typeof BROADCAST_AUDIENCES)[number];

/** Optional narrowing of the beneficiaries (categories, verification, payment) and of everyone (language). */
export type BroadcastFilters = {
  /** Beneficiary categories (services/validation/codes.ts CATEGORIES). */
  categories?: string[];
  /** Verification states of the record's account details; `none` matches a record with no details yet. */
  verification?: (VerificationState | 'none')[];
  /** This period's monthly payment status (`period` below); `none` matches a record with no payment for it. */
  paymentStatus?: (PaymentStatus | 'none')[];
  /** The period `paymentStatus` is about (YYYY-MM); fixed when the broadcast is created. */
  period?: string;
  /** Only chats in this language. */
  lang?: Lang;
};

/** A button under the message: a web link, or one that opens the mini-app. */
export type BroadcastButton = { kind: 'link'; url: string; label?: string | null } | { kind: 'miniapp' };

/** One language's text of an announcement. */
export type BroadcastText = { title: string; body: string };

/** The message: Vietnamese always, English for chats that chose English when given. */
export type BroadcastMessage = { vi: BroadcastText; en: BroadcastText | null; button: BroadcastButton | null };

/** How far the expansion into notices got; resumable after a crash. */
export type BroadcastCursor = {
  /** Beneficiaries first (in `_id` order), then officers. */
  phase: 'beneficiaries' | 'officers';
  /** The last beneficiary `_id` of the last page stored (null: from the start of the phase). */
  afterId: string | null;
  done: boolean;
};

/** What the expansion counted, kept with the cursor so a re-run page is never counted twice. */
export type BroadcastCounters = {
  /** Notices created (one per person). */
  notices: number;
  /** People whose only chats blocked the bot: no notice, counted as blocked. */
  blocked: number;
  /** Pages stored. */
  pages: number;
};

/** What the author (and the approver) see before sending; stored with the broadcast. */
export type BroadcastPreview = {
  /** People who get a copy (a person on two channels, or a guardian of two records, once). */
  people: number;
  /** Of those, beneficiaries' chats and officers. */
  beneficiaries: number;
  officers: number;
  /** Chats a copy goes to, by channel. */
  chats: Record<'telegram' | 'zalo', number>;
  /** People reached only through chats that blocked the bot: counted, not sent. */
  blocked: number;
  /** Copies in each language. */
  languages: Record<Lang, number>;
  /** When sending starts and is estimated to end at the configured rates, after quiet-hour pauses (unless urgent). */
  estimate: { startsAt: Date; finishesAt: Date; seconds: number; pausesForQuietHours: boolean };
  /** The message as it will look, in each language (English null when no English text was given). */
  rendered: {
    vi: { text: string; buttons?: unknown[] };
    en: { text: string; buttons?: unknown[] } | null;
  };
  /** Whether a second province administrator must approve (people above the threshold). */
  approvalRequired: boolean;
  threshold: number;
  computedAt: Date;
};

/** One province broadcast. */
export type StoredBroadcast = {
  id: string;
  state: BroadcastState;
  provinceCode: string;
  /** Empty: the whole province. */
  communeCodes: string[];
  who: BroadcastAudience;
  filters: BroadcastFilters;
  message: BroadcastMessage;
  /** Sends through quiet hours (set by the approver, or by the author when no approval is needed). */
  urgent: boolean;
  /** What the author asked for; the approver decides. */
  urgentRequested: boolean;
  scheduledAt: Date;
  /** `officer:<id>` or `cli`, as the audit log names actors. */
  author: string;
  authorOfficerId: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  preview: BroadcastPreview;
  cursor: BroadcastCursor;
  counters: BroadcastCounters;
  /** A worker's claim on the expansion: another takes it over after `until`. */
  lease: { token: string; until: Date } | null;
  pausedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  summarySentAt: Date | null;
  /** The correlation id of the request that submitted it: its copies and their provider calls log it. */
  correlationId?: string | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    state: { type: String, required: true },
    provinceCode: { type: String, required: true },
    communeCodes: { type: [String], default: [] },
    who: { type: String, required: true },
    filters: { type: Schema.Types.Mixed, default: {} },
    message: { type: Schema.Types.Mixed, required: true },
    urgent: { type: Boolean, default: false },
    urgentRequested: { type: Boolean, default: false },
    scheduledAt: { type: Date, required: true },
    author: { type: String, required: true },
    authorOfficerId: { type: String, default: null },
    approvedBy: { type: String, default: null },
    approvedAt: { type: Date, default: null },
    preview: { type: Schema.Types.Mixed, required: true },
    cursor: { type: Schema.Types.Mixed, required: true },
    counters: { type: Schema.Types.Mixed, required: true },
    lease: { type: Schema.Types.Mixed, default: null },
    pausedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    cancelledBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    summarySentAt: { type: Date, default: null },
    correlationId: { type: String, default: null },
  },
  { collection: 'broadcasts', versionKey: false },
);
// The pass looks for broadcasts due or sending; the list shows a province's newest first.
schema.index({ state: 1, scheduledAt: 1 }, PUSHDOWN);
schema.index({ provinceCode: 1, createdAt: -1 }, PUSHDOWN);

const BroadcastModel = mongoose.model('Broadcast', schema);
const collection = () => BroadcastModel.collection;

type Doc = Omit<StoredBroadcast, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredBroadcast => ({ ...rest, id: String(_id) });

/** Why a transition did not happen: the broadcast is missing, or in another state (returned). */
export type TransitionResult =
  { ok: true; broadcast: StoredBroadcast } | { ok: false; current: StoredBroadcast | null };

/**
 * Repository over broadcasts. Every transition is one findOneAndUpdate whose filter names the state
 * it leaves, so two officers (or an officer and a worker) acting at once cannot both win.
 */
export const broadcasts = {
  /** Inserts the broadcast under its id; false when that id exists already (the same request again). */
  async insert(b: StoredBroadcast): Promise<boolean> {
    const { id, ...rest } = b;
    return insertOnce(collection(), { _id: oid(id), ...rest });
  },

  async byId(id: string): Promise<StoredBroadcast | null> {
    const d = (await collection().findOne({ _id: oid(id) })) as Doc | null;
    return d ? plain(d) : null;
  },

  /** A province's broadcasts (every province's for null), newest first. */
  async list(filter: { provinceCode: string | null; limit: number }): Promise<StoredBroadcast[]> {
    const q = filter.provinceCode ? { provinceCode: filter.provinceCode } : {};
    const rows = (await collection()
      .find(q)
      .sort({ createdAt: -1 })
      .limit(filter.limit)
      .batchSize(wholeReply(filter.limit))
      .toArray()) as Doc[];
    return rows.map(plain);
  },

  /** Moves the broadcast from one of `from` to `to` with `set`, in one conditional update. */
  async transition(
    id: string,
    from: readonly BroadcastState[],
    to: BroadcastState,
    set: Partial<Omit<StoredBroadcast, 'id' | 'state'>>,
    at: Date,
    extra: Record<string, unknown> = {},
  ): Promise<TransitionResult> {
    const d = (await collection().findOneAndUpdate(
      { _id: oid(id), state: { $in: [...from] }, ...extra },
      { $set: { ...set, state: to, updatedAt: at } },
      { returnDocument: 'after' },
    )) as Doc | null;
    if (d) return { ok: true, broadcast: plain(d) };
    return { ok: false, current: await broadcasts.byId(id) };
  },

  /**
   * Claims one broadcast whose expansion is due (scheduled and its time come, or sending with an
   * unfinished cursor) and whose lease is free or expired; it becomes `sending` under this token.
   */
  async claimExpansion(now: Date, token: string, leaseMs: number): Promise<StoredBroadcast | null> {
    const d = (await collection().findOneAndUpdate(
      {
        $or: [
          { state: 'scheduled', scheduledAt: { $lte: now } },
          { state: 'sending', 'cursor.done': false },
        ],
        $and: [{ $or: [{ lease: null }, { 'lease.until': { $lte: now } }] }],
      },
      { $set: { state: 'sending', lease: { token, until: new Date(now.getTime() + leaseMs) }, updatedAt: now } },
      { returnDocument: 'after', sort: { scheduledAt: 1 } },
    )) as Doc | null;
    return d ? plain(d) : null;
  },

  /**
   * Stores a page's progress: the new cursor and counters, only while this worker's lease holds, the
   * cursor is where this worker left it, and the broadcast is still sending. Returns false otherwise
   * (paused, cancelled, or taken over), and the worker stops.
   */
  async advance(
    id: string,
    token: string,
    from: BroadcastCursor,
    to: BroadcastCursor,
    add: BroadcastCounters,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const res = await collection().updateOne(
      {
        _id: oid(id),
        state: 'sending',
        'lease.token': token,
        'cursor.phase': from.phase,
        'cursor.afterId': from.afterId,
      },
      {
        $set: { cursor: to, lease: { token, until: new Date(now.getTime() + leaseMs) }, updatedAt: now },
        $inc: { 'counters.notices': add.notices, 'counters.blocked': add.blocked, 'counters.pages': add.pages },
      },
    );
    return res.modifiedCount === 1;
  },

  /** Gives the lease back (the worker stopped early or finished the expansion). */
  async releaseLease(id: string, token: string): Promise<void> {
    await collection().updateOne({ _id: oid(id), 'lease.token': token }, { $set: { lease: null } });
  },

  /** Broadcasts sending whose expansion has finished: candidates for `done`. */
  async expandedSending(limit: number): Promise<StoredBroadcast[]> {
    const rows = (await collection()
      .find({ state: 'sending', 'cursor.done': true })
      .limit(limit)
      .batchSize(wholeReply(limit))
      .toArray()) as Doc[];
    return rows.map(plain);
  },

  /** Broadcasts paused, or cancelled since `cancelledSince`: the pass applies their brake again. */
  async braked(cancelledSince: Date, limit: number): Promise<Pick<StoredBroadcast, 'id' | 'state'>[]> {
    const rows = (await collection()
      .find(
        { $or: [{ state: 'paused' }, { state: 'cancelled', cancelledAt: { $gte: cancelledSince } }] },
        { projection: { state: 1 } },
      )
      .limit(limit)
      .batchSize(wholeReply(limit))
      .toArray()) as { _id: mongoose.Types.ObjectId; state: BroadcastState }[];
    return rows.map((r) => ({ id: String(r._id), state: r.state }));
  },

  /** Finished broadcasts whose author has not had the summary yet. */
  async awaitingSummary(limit: number): Promise<StoredBroadcast[]> {
    const rows = (await collection()
      .find({ state: 'done', summarySentAt: null })
      .limit(limit)
      .batchSize(wholeReply(limit))
      .toArray()) as Doc[];
    return rows.map(plain);
  },

  /** Marks the summary sent, once; true for the caller that marked it. */
  async markSummarySent(id: string, at: Date): Promise<boolean> {
    const res = await collection().updateOne({ _id: oid(id), summarySentAt: null }, { $set: { summarySentAt: at } });
    return res.modifiedCount === 1;
  },
};
