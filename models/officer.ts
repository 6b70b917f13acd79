import mongoose, { Schema } from 'mongoose';
import type { SealedNumber } from './beneficiary.js';
import { insertOnce, oid } from './ids.js';

/** What an officer may see and do. */
export const OFFICER_ROLES = ['commune_officer', 'province_admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** A commune officer (scope: one commune) or a province administrator (scope: the province). */
export type Officer = { id: string; name: string; phone: SealedNumber; role: OfficerRole; provinceCode: string; communeCode: string | null };

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    name: { type: String, required: true },
    phone: new Schema({ sealed: String, index: String, last4: String }, { _id: false }),
    role: { type: String, required: true },
    provinceCode: { type: String, required: true },
    communeCode: { type: String, default: null },
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
  async count(): Promise<number> {
    return OfficerModel.estimatedDocumentCount();
  },
};
