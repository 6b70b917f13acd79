import mongoose, { Schema } from 'mongoose';
import { PUSHDOWN } from './db/connection.js';
import { byIdsReader } from './batch-read.js';
import type { SealedNumber } from './beneficiary.js';
import { insertOnce, oid, oids } from './ids.js';

/** What an officer may see and do. */
export const OFFICER_ROLES = ['commune_officer', 'province_admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** A chat where an officer works and receives work notices. */
export type OfficerChat = { channel: 'telegram' | 'zalo'; chatId: string };

/**
 * A commune officer (scope: one or more communes of one province) or a province administrator
 * (scope: the province). The id is derived from the phone's blind index, so one phone is one officer.
 * A removed officer keeps the record (the audit log names it) but has no chats and no scope.
 */
export type Officer = {
  id: string;
  name: string;
  phone: SealedNumber;
  role: OfficerRole;
  provinceCode: string;
  /** The communes a commune officer serves; empty for a province administrator. */
  communeCodes: string[];
  chats: OfficerChat[];
  removedAt: Date | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    name: { type: String, required: true },
    phone: new Schema({ sealed: String, index: String, last4: String }, { _id: false }),
    role: { type: String, required: true },
    provinceCode: { type: String, required: true },
    communeCodes: { type: [String], default: [] },
    chats: { type: [new Schema({ channel: String, chatId: String }, { _id: false })], default: [] },
    removedAt: { type: Date, default: null },
  },
  { collection: 'officers', timestamps: true, versionKey: false },
);
schema.index({ 'phone.index': 1 }, { unique: true });
// A province's officers (the reminder pass reads them every run, the roster lists them).
schema.index({ provinceCode: 1 }, PUSHDOWN);

const OfficerModel = mongoose.model('Officer', schema);

type Doc = Omit<Officer, 'id'> & { _id: mongoose.Types.ObjectId };
// Every officer request resolves its officer: the reads of one event-loop turn share one find.
const readOfficers = byIdsReader<Doc>(() => OfficerModel.collection.collectionName, {});
const plain = ({ _id, ...d }: Doc): Officer => ({
  id: String(_id),
  name: d.name,
  phone: d.phone,
  role: d.role,
  provinceCode: d.provinceCode,
  communeCodes: d.communeCodes ?? [],
  chats: (d.chats ?? []).map((c) => ({ channel: c.channel, chatId: c.chatId })),
  removedAt: d.removedAt ?? null,
});

/** Repository over officers. */
export const officers = {
  /** Creates the officer; false when one with this id exists already. */
  async insertIfAbsent(o: Omit<Officer, 'chats' | 'removedAt'> & Partial<Pick<Officer, 'chats'>>): Promise<boolean> {
    const { id, ...rest } = o;
    const now = new Date();
    return insertOnce(OfficerModel.collection, {
      _id: oid(id),
      chats: [],
      removedAt: null,
      ...rest,
      createdAt: now,
      updatedAt: now,
    });
  },
  async byId(id: string): Promise<Officer | null> {
    const [d] = await readOfficers([oid(id)]);
    return d ? plain(d) : null;
  },
  async byIds(ids: readonly string[]): Promise<Officer[]> {
    if (!ids.length) return [];
    return (await readOfficers(oids(ids))).map(plain);
  },
  /**
   * Widens an officer's scope (more communes, a new name), and brings a removed officer back, in one
   * conditional update: only while the role and province are still the given ones.
   */
  async widen(
    id: string,
    expect: { role: OfficerRole; provinceCode: string },
    change: { name: string; communeCodes: string[] },
  ): Promise<Officer | null> {
    const d = (await OfficerModel.collection.findOneAndUpdate(
      { _id: oid(id), role: expect.role, provinceCode: expect.provinceCode },
      {
        $set: { name: change.name, removedAt: null, updatedAt: new Date() },
        $addToSet: { communeCodes: { $each: change.communeCodes } },
      },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  /**
   * Brings a removed officer back with a new role and scope (re-invited as something else); null when
   * the officer is not removed (an active officer keeps their role: see `widen`).
   */
  async restore(
    id: string,
    change: { name: string; role: OfficerRole; provinceCode: string; communeCodes: string[] },
  ): Promise<Officer | null> {
    const d = (await OfficerModel.collection.findOneAndUpdate(
      { _id: oid(id), removedAt: { $ne: null } },
      { $set: { ...change, chats: [], removedAt: null, updatedAt: new Date() } },
      { returnDocument: 'after' },
    )) as Doc | null;
    return d ? plain(d) : null;
  },
  /** Adds a chat where the officer works and receives work notices (once). */
  async addChat(id: string, chat: OfficerChat): Promise<void> {
    await OfficerModel.collection.updateOne({ _id: oid(id) }, { $addToSet: { chats: chat } });
  },
  /** Forgets a chat (another officer's invite was redeemed in it), so it no longer gets this officer's work notices. */
  async removeChat(id: string, chat: OfficerChat): Promise<void> {
    await OfficerModel.collection.updateOne({ _id: oid(id) }, { $pull: { chats: chat } as never });
  },
  /** Marks the officer removed and forgets its chats; returns the chats it had, or null if it was not active. */
  async remove(id: string, at: Date): Promise<OfficerChat[] | null> {
    const before = (await OfficerModel.collection.findOneAndUpdate(
      { _id: oid(id), removedAt: null },
      { $set: { removedAt: at, chats: [], updatedAt: at } },
      { returnDocument: 'before' },
    )) as Doc | null;
    return before ? plain(before).chats : null;
  },
  /** Officers, active ones only unless asked; a province's only when given. Small: one per commune or so. */
  async list(filter: { provinceCode?: string; includeRemoved?: boolean } = {}): Promise<Officer[]> {
    const q: Record<string, unknown> = {};
    if (filter.provinceCode) q.provinceCode = filter.provinceCode;
    if (!filter.includeRemoved) q.removedAt = null;
    return ((await OfficerModel.collection.find(q).toArray()) as Doc[])
      .map(plain)
      .sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.name.localeCompare(b.name, 'vi'));
  },
  /** The chats of a commune's active officers, for work notices about that commune. */
  async chatsOfCommune(communeCode: string): Promise<OfficerChat[]> {
    const rows = (await OfficerModel.collection
      .find({ role: 'commune_officer', communeCodes: communeCode, removedAt: null }, { projection: { chats: 1 } })
      .toArray()) as { chats?: OfficerChat[] }[];
    return rows.flatMap((r) => (r.chats ?? []).map((c) => ({ channel: c.channel, chatId: c.chatId })));
  },
  async count(): Promise<number> {
    return OfficerModel.estimatedDocumentCount();
  },
};
