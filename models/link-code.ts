import mongoose, { Schema } from 'mongoose';
import { insertOnce, oid } from './ids.js';

/** A one-time link code an officer hands to a beneficiary; stored only as a keyed hash (its id). */
export type StoredLinkCode = {
  id: string;
  beneficiaryId: string;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    beneficiaryId: { type: String, required: true },
    issuedBy: String,
    issuedAt: Date,
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: String, default: null },
  },
  { collection: 'link_codes', versionKey: false },
);

const LinkCodeModel = mongoose.model('LinkCode', schema);

/** Repository over link codes: insert once, redeem with one conditional update. */
export const linkCodes = {
  /** Inserts a new code; false when the id is taken (a collision: draw another code). */
  async create(code: StoredLinkCode): Promise<boolean> {
    const { id, ...rest } = code;
    return insertOnce(LinkCodeModel.collection, { _id: oid(id), ...rest });
  },
  /** Marks an unused, unexpired code as used by `usedBy`; returns its beneficiary, or null. */
  async redeem(id: string, usedBy: string, now: Date): Promise<string | null> {
    const d = await LinkCodeModel.collection.findOneAndUpdate(
      { _id: oid(id), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now, usedBy } },
      { returnDocument: 'after' },
    );
    return d ? String(d.beneficiaryId) : null;
  },
  async byId(id: string): Promise<StoredLinkCode | null> {
    const d = (await LinkCodeModel.findById(oid(id)).lean()) as (Omit<StoredLinkCode, 'id'> & { _id: unknown }) | null;
    if (!d) return null;
    const { _id, ...rest } = d;
    return { ...rest, id: String(_id) };
  },
};
