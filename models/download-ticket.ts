import mongoose, { Schema } from 'mongoose';
import { oid } from './ids.js';

/** Which officer file a ticket produces, with the officer's choices (the file itself is made at download time). */
export type DownloadWhat =
  | { kind: 'police_export'; format: 'csv' | 'xlsx'; communes: string[]; accountRefs: string[] }
  | { kind: 'missing_data_xlsx'; communes: string[] }
  | { kind: 'late_report_xlsx'; provinceCode: string; from: string; to: string };

/**
 * A short-lived, single-use permission to download one officer file by a plain URL (what Telegram's
 * `downloadFile` needs: its client fetches without our cookie or headers). The id is a keyed hash of
 * the URL's token, which is never stored.
 */
export type StoredDownloadTicket = {
  id: string;
  officerId: string;
  what: DownloadWhat;
  fileName: string;
  /** The door the officer's session was opened through (telegram, zalo, web), for the audit log. */
  via: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
};

/** Why a ticket no longer downloads anything. */
export type TicketRefusal = 'used' | 'expired' | 'unknown';

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    officerId: { type: String, required: true },
    what: { type: Schema.Types.Mixed, required: true },
    fileName: { type: String, required: true },
    via: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { collection: 'download_tickets', versionKey: false },
);

const DownloadTicketModel = mongoose.model('DownloadTicket', schema);

type Doc = Omit<StoredDownloadTicket, 'id'> & { _id: mongoose.Types.ObjectId };
const plain = ({ _id, ...rest }: Doc): StoredDownloadTicket => ({
  ...rest,
  id: String(_id),
  usedAt: rest.usedAt ?? null,
});

function usable(t: StoredDownloadTicket, now: Date): StoredDownloadTicket | TicketRefusal {
  if (t.usedAt) return 'used';
  if (t.expiresAt <= now) return 'expired';
  return t;
}

/** Repository over download tickets: created once, consumed by one conditional update. */
export const downloadTickets = {
  async create(t: StoredDownloadTicket): Promise<void> {
    const { id, ...rest } = t;
    await DownloadTicketModel.collection.insertOne({ _id: oid(id), ...rest });
  },
  /** The ticket if it could still be used now, without using it (a HEAD request). */
  async check(id: string, now: Date): Promise<StoredDownloadTicket | TicketRefusal> {
    const d = (await DownloadTicketModel.collection.findOne({ _id: oid(id) })) as Doc | null;
    return d ? usable(plain(d), now) : 'unknown';
  },
  /** Marks the ticket used if it was unused and unexpired; exactly one caller wins. */
  async consume(id: string, now: Date): Promise<StoredDownloadTicket | TicketRefusal> {
    const won = (await DownloadTicketModel.collection.findOneAndUpdate(
      { _id: oid(id), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    )) as Doc | null;
    if (won) return plain(won);
    return downloadTickets.check(id, now);
  },
  /** Deletes tickets that expired more than an hour ago (kept that long so a late fetch still hears "expired"). */
  async removeExpired(now: Date): Promise<number> {
    return (
      await DownloadTicketModel.collection.deleteMany({ expiresAt: { $lte: new Date(now.getTime() - 3_600_000) } })
    ).deletedCount;
  },
};
