import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid, wholeReply } from './ids.js';
import { PUSHDOWN } from './db/connection.js';

/** How a chat proved it may see a record. */
export type LinkMethod = 'contact' | 'code';

/**
 * Whose phone a contact link matched: the beneficiary's own or the guardian's/authorized person's.
 * Null for code links (the officer hands codes to either) and for links made before it was recorded.
 */
export type LinkRelation = 'self' | 'authorized' | null;

/** One chat linked to one beneficiary record; the id is derived from (channel, chat, beneficiary). */
export type StoredChatLink = {
  id: string;
  channel: string;
  chatId: string;
  beneficiaryId: string;
  method: LinkMethod;
  relation: LinkRelation;
  linkedAt: Date;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    channel: { type: String, required: true },
    chatId: { type: String, required: true },
    beneficiaryId: { type: String, required: true },
    method: { type: String, required: true },
    relation: { type: String, default: null },
    linkedAt: { type: Date, required: true },
  },
  { collection: 'chat_links', versionKey: false },
);
// For the notification pipeline (record → chats) on engines that use secondary indexes.
schema.index({ beneficiaryId: 1 }, PUSHDOWN);

const ChatLinkModel = mongoose.model('ChatLink', schema);

type Doc = Omit<StoredChatLink, 'id' | 'relation'> & { _id: mongoose.Types.ObjectId; relation?: LinkRelation };
const plain = ({ _id, ...rest }: Doc): StoredChatLink => ({
  ...rest,
  relation: rest.relation ?? null,
  id: String(_id),
});

/** Repository over chat links: inserted once, deleted on unlink. */
export const chatLinks = {
  /** Inserts the link; false when it already exists. */
  async create(link: StoredChatLink): Promise<boolean> {
    const { id, ...rest } = link;
    return insertOnce(ChatLinkModel.collection, { _id: oid(id), ...rest });
  },
  /** A contact proved whose phone the chat has: an existing link (made by code earlier) learns it. */
  async setRelation(id: string, relation: Exclude<LinkRelation, null>): Promise<void> {
    await ChatLinkModel.collection.updateOne({ _id: oid(id) }, { $set: { relation } });
  },
  async remove(id: string): Promise<boolean> {
    return (await ChatLinkModel.collection.deleteOne({ _id: oid(id) })).deletedCount === 1;
  },
  async byId(id: string): Promise<StoredChatLink | null> {
    const d = (await ChatLinkModel.findById(oid(id)).lean()) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Chats linked to any of these records (one indexed `$in`; FerretDB uses the index with our patch). */
  async forBeneficiaries(beneficiaryIds: readonly string[]): Promise<StoredChatLink[]> {
    if (!beneficiaryIds.length) return [];
    const unique = [...new Set(beneficiaryIds)];
    // Most records have one link or none: a reply sized for a few per record comes back whole, in one command.
    const rows = (await ChatLinkModel.find({ beneficiaryId: { $in: unique } })
      .batchSize(wholeReply(unique.length * 4))
      .lean()) as Doc[];
    return rows.map(plain);
  },
  /** Links in `_id` order after `afterId` (null: from the start): a whole-collection pass read from the `_id` index, page by page. */
  async page(afterId: string | null, limit: number): Promise<StoredChatLink[]> {
    const rows = (await ChatLinkModel.collection
      .find(afterId ? { _id: { $gt: oid(afterId) } } : {})
      .sort({ _id: 1 })
      .limit(limit)
      .batchSize(wholeReply(limit))
      .toArray()) as Doc[];
    return rows.map(plain);
  },
  /** Chats linked to a record. */
  async forBeneficiary(beneficiaryId: string): Promise<StoredChatLink[]> {
    const rows = (await ChatLinkModel.find({ beneficiaryId }).lean()) as Doc[];
    return rows.map(plain);
  },
};
