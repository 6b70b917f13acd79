import mongoose, { Schema } from 'mongoose';
import { byIdsReader } from './batch-read.js';
import { oid } from './ids.js';

/**
 * Who a mini-app session is for: a chat (Telegram or Zalo user, or a web link the bot sent to that
 * chat; its linked records, and the officer section when the chat is an officer's), one record (a
 * web link an officer issued for it), or an officer (a web link printed by `officers web-link`).
 */
export type WebSubject =
  | { kind: 'chat'; channel: 'telegram' | 'zalo'; chatId: string }
  | { kind: 'beneficiary'; beneficiaryId: string }
  | { kind: 'officer'; officerId: string };

/** How the person reached the mini-app. */
export type WebEntry = 'telegram' | 'zalo' | 'web';

/** A server-side mini-app session; the id is a hash of the bearer token, which is never stored. */
export type StoredWebSession = {
  id: string;
  subject: WebSubject;
  entry: WebEntry;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    subject: { type: Schema.Types.Mixed, required: true },
    entry: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'web_sessions', versionKey: false },
);

const WebSessionModel = mongoose.model('WebSession', schema);

type Doc = Omit<StoredWebSession, 'id'> & { _id: mongoose.Types.ObjectId };
// Every mini-app call reads its session: the reads of the same event-loop turn share one find.
const readSessions = byIdsReader<Doc>(() => WebSessionModel.collection.collectionName, {});

/** Repository over mini-app sessions; expired ones are deleted by a job (no TTL index on every rung). */
export const webSessions = {
  async create(s: StoredWebSession): Promise<void> {
    const { id, ...rest } = s;
    await WebSessionModel.collection.insertOne({ _id: oid(id), ...rest });
  },
  /** The session, while it has not expired. */
  async live(id: string, now: Date): Promise<StoredWebSession | null> {
    const [d] = await readSessions([oid(id)]);
    if (!d || d.expiresAt <= now) return null;
    const { _id, ...rest } = d;
    return { ...rest, id: String(_id) };
  },
  /** Ends every session of an officer signed in through an officer web link (the officer was removed). */
  async removeForOfficer(officerId: string): Promise<number> {
    return (await WebSessionModel.collection.deleteMany({ 'subject.kind': 'officer', 'subject.officerId': officerId }))
      .deletedCount;
  },
  async removeExpired(now: Date): Promise<number> {
    return (await WebSessionModel.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  },
};
