import mongoose, { Schema } from 'mongoose';
import { byIdsReader } from './batch-read.js';
import { isDuplicateKey, oid, wholeReply } from './ids.js';

/** Languages the chat messages exist in; Vietnamese first. */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * What the bot waits for from this chat: the second factor after a shared contact. `ownPhoneIds` are
 * the candidates whose own phone it was (the rest matched a guardian's phone); absent on steps
 * stored before it was recorded.
 */
export type PendingStep = { kind: 'second_factor'; candidateIds: string[]; ownPhoneIds?: string[]; expiresAt: Date };

/** One chat's conversation state, language, linked records and failure counter, in one document. */
export type StoredChat = {
  id: string;
  channel: string;
  chatId: string;
  lang: Lang;
  beneficiaryIds: string[];
  pending: PendingStep | null;
  failures: { windowStart: Date; count: number } | null;
  lockedUntil: Date | null;
  /** Set when a message could not be delivered because the person blocked the bot or the chat is gone. */
  blockedAt: Date | null;
  /** When the chat was last told not to send ID, account or OTP numbers (never the number itself). */
  numbersWarnedAt: Date | null;
  /** The officer this chat belongs to, once an invite code was redeemed in it (the officer menu opens). */
  officerId: string | null;
};

/** A chat as a broadcast sees it: where to send, in which language, and when it was last used. */
export type SendTarget = Pick<StoredChat, 'id' | 'channel' | 'chatId' | 'lang' | 'blockedAt'> & { updatedAt: Date };

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    channel: { type: String, required: true },
    chatId: { type: String, required: true },
    lang: { type: String, default: 'vi' },
    beneficiaryIds: { type: [String], default: [] },
    pending: { type: Schema.Types.Mixed, default: null },
    failures: { type: Schema.Types.Mixed, default: null },
    lockedUntil: { type: Date, default: null },
    blockedAt: { type: Date, default: null },
    numbersWarnedAt: { type: Date, default: null },
    officerId: { type: String, default: null },
    // Per-chat send spacing shared by every worker process (see chats.openGates).
    sendGateUntil: { type: Date, default: null },
    gateToken: { type: String, default: null },
  },
  { collection: 'chats', timestamps: true, versionKey: false },
);

const ChatModel = mongoose.model('Chat', schema);

type Doc = Omit<StoredChat, 'id'> & { _id: mongoose.Types.ObjectId };
const STATE_ONLY = { sendGateUntil: 0, gateToken: 0, createdAt: 0, updatedAt: 0 } as const;
// Read on every update: through the driver, without the send-gate fields the bot never uses.
const readChats = byIdsReader<Doc>(() => ChatModel.collection.collectionName, STATE_ONLY);
const plain = ({ _id, ...rest }: Doc): StoredChat => ({
  id: String(_id),
  channel: rest.channel,
  chatId: rest.chatId,
  lang: rest.lang ?? 'vi',
  beneficiaryIds: rest.beneficiaryIds ?? [],
  pending: rest.pending ?? null,
  failures: rest.failures ?? null,
  lockedUntil: rest.lockedUntil ?? null,
  blockedAt: rest.blockedAt ?? null,
  numbersWarnedAt: rest.numbersWarnedAt ?? null,
  officerId: rest.officerId ?? null,
});

/** Repository over chats; the id is derived from (channel, chat id) and every change is one conditional update. */
export const chats = {
  async byId(id: string): Promise<StoredChat | null> {
    const [d] = await readChats([oid(id)]);
    return d ? plain(d) : null;
  },
  async byIds(ids: readonly string[]): Promise<StoredChat[]> {
    if (!ids.length) return [];
    return (
      (await ChatModel.find({ _id: { $in: ids.map(oid) } })
        .batchSize(wholeReply(ids.length))
        .lean()) as Doc[]
    ).map(plain);
  },
  /** What a broadcast needs to choose a person's chat: channel, address, language, blocked, last use. */
  async sendTargets(ids: readonly string[]): Promise<SendTarget[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const rows = (await ChatModel.collection
      .find(
        { _id: { $in: unique.map(oid) } },
        {
          projection: { channel: 1, chatId: 1, lang: 1, blockedAt: 1, updatedAt: 1 },
          batchSize: wholeReply(unique.length),
        },
      )
      .toArray()) as unknown as (Pick<Doc, '_id' | 'channel' | 'chatId' | 'lang' | 'blockedAt'> & {
      updatedAt?: Date;
    })[];
    return rows.map((r) => ({
      id: String(r._id),
      channel: r.channel,
      chatId: r.chatId,
      lang: r.lang ?? 'vi',
      blockedAt: r.blockedAt ?? null,
      updatedAt: r.updatedAt ?? new Date(0),
    }));
  },
  /**
   * Loads the chat, creating it (Vietnamese, nothing linked) on first contact. A person who writes
   * again after blocking the bot may receive notices again.
   */
  async open(id: string, channel: string, chatId: string): Promise<StoredChat> {
    const found = await chats.byId(id);
    if (found?.blockedAt) {
      await ChatModel.collection.updateOne({ _id: oid(id) }, { $set: { blockedAt: null, updatedAt: new Date() } });
      return { ...found, blockedAt: null };
    }
    if (found) return found;
    const fresh = {
      _id: oid(id),
      channel,
      chatId,
      lang: 'vi',
      beneficiaryIds: [],
      pending: null,
      failures: null,
      lockedUntil: null,
      blockedAt: null,
      numbersWarnedAt: null,
      officerId: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    try {
      await ChatModel.collection.insertOne(fresh);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await chats.byId(id))!;
  },
  async setLang(id: string, lang: Lang): Promise<void> {
    await ChatModel.collection.updateOne({ _id: oid(id) }, { $set: { lang, updatedAt: new Date() } });
  },
  async setPending(id: string, pending: PendingStep | null): Promise<void> {
    await ChatModel.collection.updateOne({ _id: oid(id) }, { $set: { pending, updatedAt: new Date() } });
  },
  async addBeneficiaries(id: string, beneficiaryIds: string[]): Promise<void> {
    await ChatModel.collection.updateOne(
      { _id: oid(id) },
      { $addToSet: { beneficiaryIds: { $each: beneficiaryIds } }, $set: { pending: null, updatedAt: new Date() } },
    );
  },
  /** Makes the chat the officer's (an invite code was redeemed in it); clears a pending step. */
  async setOfficer(id: string, officerId: string): Promise<void> {
    await ChatModel.collection.updateOne(
      { _id: oid(id) },
      { $set: { officerId, pending: null, updatedAt: new Date() } },
    );
  },
  /** Ends the officer role of these chats (the officer was removed); other officers' chats stay. */
  async clearOfficer(ids: readonly string[], officerId: string): Promise<void> {
    if (!ids.length) return;
    await ChatModel.collection.updateMany(
      { _id: { $in: ids.map(oid) }, officerId },
      { $set: { officerId: null, updatedAt: new Date() } },
    );
  },
  /** Removes a linked record; false when it was not linked. */
  async removeBeneficiary(id: string, beneficiaryId: string): Promise<boolean> {
    const res = await ChatModel.collection.updateOne(
      { _id: oid(id), beneficiaryIds: beneficiaryId },
      { $pull: { beneficiaryIds: beneficiaryId } as never, $set: { updatedAt: new Date() } },
    );
    return res.modifiedCount === 1;
  },
  /**
   * Counts one failure atomically in a window that opens at the first failure and lasts `windowMs`;
   * returns the count within the current window.
   */
  async countFailure(id: string, now: Date, windowMs: number): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inWindow = await ChatModel.collection.findOneAndUpdate(
        { _id: oid(id), 'failures.windowStart': { $gt: new Date(now.getTime() - windowMs) } },
        { $inc: { 'failures.count': 1 }, $set: { updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (inWindow) return (inWindow.failures as { count: number }).count;
      const opened = await ChatModel.collection.findOneAndUpdate(
        {
          _id: oid(id),
          $or: [{ failures: null }, { 'failures.windowStart': { $lte: new Date(now.getTime() - windowMs) } }],
        },
        { $set: { failures: { windowStart: now, count: 1 }, updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (opened) return 1;
    }
    throw new Error('could not count a linking failure');
  },
  /**
   * Records that the chat is being warned about sending sensitive numbers, unless it was warned less
   * than `againAfterMs` ago; true when this call is the one that warns (one conditional update, so two
   * messages arriving together get one warning).
   */
  async claimNumbersWarning(id: string, now: Date, againAfterMs: number): Promise<boolean> {
    const res = await ChatModel.collection.updateOne(
      {
        _id: oid(id),
        $or: [{ numbersWarnedAt: null }, { numbersWarnedAt: { $lte: new Date(now.getTime() - againAfterMs) } }],
      },
      { $set: { numbersWarnedAt: now, updatedAt: now } },
    );
    return res.modifiedCount === 1;
  },
  /** Stops notices to this chat until the person writes again. */
  async markBlocked(id: string, at: Date): Promise<void> {
    await ChatModel.collection.updateOne({ _id: oid(id), blockedAt: null }, { $set: { blockedAt: at, updatedAt: at } });
  },
  /**
   * Opens each chat's send gate for `intervalMs` if it is open now and the chat is not blocked:
   * one conditional updateMany, so across all workers a chat gets at most one message per interval.
   * Returns the chats this call opened and those that are blocked.
   */
  async openGates(
    ids: readonly string[],
    token: string,
    now: Date,
    intervalMs: number,
  ): Promise<{ opened: Set<string>; blocked: Set<string>; missing: Set<string> }> {
    const unique = [...new Set(ids)];
    if (!unique.length) return { opened: new Set(), blocked: new Set(), missing: new Set() };
    const res = await ChatModel.collection.updateMany(
      {
        _id: { $in: unique.map(oid) },
        blockedAt: null,
        $or: [{ sendGateUntil: null }, { sendGateUntil: { $lte: now } }],
      },
      { $set: { sendGateUntil: new Date(now.getTime() + intervalMs), gateToken: token } },
    );
    // The usual case (a broadcast reaches each chat once): every chat matched, so this call opened them all.
    if (res.matchedCount === unique.length) return { opened: new Set(unique), blocked: new Set(), missing: new Set() };
    const rows = (await ChatModel.find({ _id: { $in: unique.map(oid) } }, { gateToken: 1, blockedAt: 1 })
      .batchSize(wholeReply(unique.length))
      .lean()) as {
      _id: unknown;
      gateToken?: string | null;
      blockedAt?: Date | null;
    }[];
    const seen = new Set(rows.map((r) => String(r._id)));
    return {
      opened: new Set(rows.filter((r) => r.gateToken === token).map((r) => String(r._id))),
      blocked: new Set(rows.filter((r) => r.blockedAt).map((r) => String(r._id))),
      missing: new Set(unique.filter((id) => !seen.has(id))),
    };
  },
  /** Locks the chat until `until` and starts a fresh failure window, so the count begins again afterwards. */
  async lock(id: string, until: Date): Promise<void> {
    await ChatModel.collection.updateOne(
      { _id: oid(id) },
      { $set: { lockedUntil: until, failures: null, pending: null, updatedAt: new Date() } },
    );
  },
};
