import mongoose, { Schema } from 'mongoose';
import type { SealedNumber } from './beneficiary.js';
import { insertOnce, oid } from './ids.js';

/** What an officer may see and do. */
export const OFFICER_ROLES = ['commune_officer', 'province_admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** A chat where an officer receives work notices. */
export type OfficerChat = { channel: 'telegram' | 'zalo'; chatId: string };

/** A commune officer (scope: one commune) or a province administrator (scope: the province). */
export type Officer = {
  id: string;
  name: string;
  phone: SealedNumber;
  role: OfficerRole;
  provinceCode: string;
  communeCode: string | null;
  chats?: OfficerChat[];
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    name: { type: String, required: true },
    phone: new Schema({ sealed: String, index: String, last4: String }, { _id: false }),
    role: { type: String, required: true },
    provinceCode: { type: String, required: true },
    communeCode: { type: String, default: null },
    chats: { type: [new Schema({ channel: String, chatId: String }, { _id: false })], default: [] },
  },
  { collection: 'officers', timestamps: true, versionKey: false },
);
schema.index({ 'phone.index': 1 }, { unique: true });

const OfficerModel = mongoose.model('Officer', schema);

/** Repository over officers. */
export const officers = {
  async insertIfAbsent(o: Officer): Promise<boolean> {
    const { id, ...rest } = o;
    return insertOnce(OfficerModel.collection, { _id: oid(id), ...rest, createdAt: new Date(), updatedAt: new Date() });
  },
  /** Adds a chat where the officer receives work notices (once). */
  async addChat(id: string, chat: OfficerChat): Promise<void> {
    await OfficerModel.collection.updateOne({ _id: oid(id) }, { $addToSet: { chats: chat } });
  },
  /** The chats of a commune's officers, for work notices about that commune. */
  async chatsOfCommune(communeCode: string): Promise<OfficerChat[]> {
    const rows = (await OfficerModel.collection
      .find({ role: 'commune_officer', communeCode }, { projection: { chats: 1 } })
      .toArray()) as { chats?: OfficerChat[] }[];
    return rows.flatMap((r) => (r.chats ?? []).map((c) => ({ channel: c.channel, chatId: c.chatId })));
  },
  async count(): Promise<number> {
    return OfficerModel.estimatedDocumentCount();
  },
};
