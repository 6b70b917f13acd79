import mongoose, { Schema } from 'mongoose';
import { oid } from './ids.js';
import type { WebSubject } from './web-session.js';

/** A single-use link that opens a mini-app session in a browser; the id is a hash of the link's token. */
export type StoredWebLink = {
  id: string;
  subject: WebSubject;
  issuedBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
};

/** Why a link no longer opens anything. */
export type WebLinkRefusal = 'used' | 'expired' | 'unknown';

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    subject: { type: Schema.Types.Mixed, required: true },
    issuedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'web_links', versionKey: false },
);

const WebLinkModel = mongoose.model('WebLink', schema);

type Doc = Omit<StoredWebLink, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredWebLink => ({ ...rest, id: String(_id), usedAt: rest.usedAt ?? null });

/** Repository over web links: created once, consumed by one conditional update. */
export const webLinks = {
  async create(link: StoredWebLink): Promise<void> {
    const { id, ...rest } = link;
    await WebLinkModel.collection.insertOne({ _id: oid(id), ...rest });
  },
  /** The link if it could still be used now, without using it (a page shows its button). */
  async check(id: string, now: Date): Promise<StoredWebLink | WebLinkRefusal> {
    const d = (await WebLinkModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? usable(plain(d), now) : 'unknown';
  },
  /** Marks the link used if it was unused and unexpired; exactly one caller wins. */
  async consume(id: string, now: Date): Promise<StoredWebLink | WebLinkRefusal> {
    const won = (await WebLinkModel.collection.findOneAndUpdate(
      { _id: oid(id), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    )) as Doc | null;
    if (won) return plain(won);
    return webLinks.check(id, now);
  },
  /** Deletes links that expired more than a day ago (kept a day so a late click still hears "expired"). */
  async removeExpired(now: Date): Promise<number> {
    return (await WebLinkModel.collection.deleteMany({ expiresAt: { $lte: new Date(now.getTime() - 86_400_000) } }))
      .deletedCount;
  },
};

function usable(link: StoredWebLink, now: Date): StoredWebLink | WebLinkRefusal {
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return link;
}
