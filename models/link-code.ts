import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid } from './ids.js';

/**
 * A one-time code typed into the bot, stored only as a keyed hash (its id): a link code an officer
 * hands to a beneficiary's side (`beneficiaryId`), or an invite for an officer (`officerId`). One
 * collection, so the bot looks a code up once and one lockout counts wrong codes of both kinds.
 */
export type StoredLinkCode = {
  id: string;
  beneficiaryId?: string;
  officerId?: string;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    beneficiaryId: String,
    officerId: String,
    issuedBy: String,
    issuedAt: Date,
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: String, default: null },
  },
  { collection: 'link_codes', versionKey: false },
);

const LinkCodeModel = mongoose.model('LinkCode', schema);

/** What a redeemed code was for. */
export type RedeemedCode = { kind: 'beneficiary'; beneficiaryId: string } | { kind: 'officer'; officerId: string };

/** Repository over link codes: insert once, redeem with one conditional update. */
export const linkCodes = {
  /** Inserts a new code; false when the id is taken (a collision: draw another code). */
  async create(code: StoredLinkCode): Promise<boolean> {
    const { id, ...rest } = code;
    return insertOnce(LinkCodeModel.collection, { _id: oid(id), ...rest });
  },
  /** Marks an unused, unexpired code as used by `usedBy`; returns what it was for, or null. */
  async redeem(id: string, usedBy: string, now: Date): Promise<RedeemedCode | null> {
    const d = await LinkCodeModel.collection.findOneAndUpdate(
      { _id: oid(id), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now, usedBy } },
      { returnDocument: 'after' },
    );
    if (!d) return null;
    return d.officerId
      ? { kind: 'officer', officerId: String(d.officerId) }
      : { kind: 'beneficiary', beneficiaryId: String(d.beneficiaryId) };
  },
  async byId(id: string): Promise<StoredLinkCode | null> {
    const d = (await LinkCodeModel.findById(oid(id)).lean()) as (Omit<StoredLinkCode, 'id'> & { _id: unknown }) | null;
    if (!d) return null;
    const { _id, ...rest } = d;
    return { ...rest, id: String(_id) };
  },
};
