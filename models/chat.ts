import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid } from './ids.js';

/** Languages the chat messages exist in; Vietnamese first. */
export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** What the bot waits for from this chat: the second factor after a shared contact. */
export type PendingStep = { kind: 'second_factor'; candidateIds: string[]; expiresAt: Date };

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
};

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
  },
  { collection: 'chats', timestamps: true, versionKey: false },
);

const ChatModel = mongoose.model('Chat', schema);

type Doc = Omit<StoredChat, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredChat => ({
  id: String(_id), channel: rest.channel, chatId: rest.chatId, lang: rest.lang ?? 'vi', beneficiaryIds: rest.beneficiaryIds ?? [],
  pending: rest.pending ?? null, failures: rest.failures ?? null, lockedUntil: rest.lockedUntil ?? null,
});

/** Repository over chats; the id is derived from (channel, chat id) and every change is one conditional update. */
export const chats = {
  async byId(id: string): Promise<StoredChat | null> {
    const d = (await ChatModel.findById(oid(id)).lean()) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Loads the chat, creating it (Vietnamese, nothing linked) on first contact. */
  async open(id: string, channel: string, chatId: string): Promise<StoredChat> {
    const found = await chats.byId(id);
    if (found) return found;
    const fresh = { _id: oid(id), channel, chatId, lang: 'vi', beneficiaryIds: [], pending: null, failures: null, lockedUntil: null, createdAt: new Date(), updatedAt: new Date() };
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
    await ChatModel.collection.updateOne({ _id: oid(id) }, { $addToSet: { beneficiaryIds: { $each: beneficiaryIds } }, $set: { pending: null, updatedAt: new Date() } });
  },
  /** Removes a linked record; false when it was not linked. */
  async removeBeneficiary(id: string, beneficiaryId: string): Promise<boolean> {
    const res = await ChatModel.collection.updateOne({ _id: oid(id), beneficiaryIds: beneficiaryId }, { $pull: { beneficiaryIds: beneficiaryId } as never, $set: { updatedAt: new Date() } });
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
        { _id: oid(id), $or: [{ failures: null }, { 'failures.windowStart': { $lte: new Date(now.getTime() - windowMs) } }] },
        { $set: { failures: { windowStart: now, count: 1 }, updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (opened) return 1;
    }
    throw new Error('could not count a linking failure');
  },
  /** Locks the chat until `until` and starts a fresh failure window, so the count begins again afterwards. */
  async lock(id: string, until: Date): Promise<void> {
    await ChatModel.collection.updateOne({ _id: oid(id) }, { $set: { lockedUntil: until, failures: null, pending: null, updatedAt: new Date() } });
  },
};
