import mongoose, { Schema } from 'mongoose';
import { oid, oids, stableId, wholeReply } from './ids.js';

/** What a province configures for its own people; one small document per province. */
export type ProvinceSettings = {
  provinceCode: string;
  /** The funeral-allowance procedure told to families, per language; a language left out uses the shipped default. */
  funeralText: { vi?: string; en?: string };
  /**
   * Whether notices for the province's people who follow no chat go by ZNS (which costs per
   * message); unset until the province chooses, then ZNS_PROVINCE_DEFAULT decides.
   */
  znsFallback?: boolean;
  updatedAt: Date;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    provinceCode: { type: String, required: true },
    funeralText: { type: Schema.Types.Mixed, default: {} },
    znsFallback: { type: Boolean, default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'province_settings', versionKey: false },
);
const SettingsModel = mongoose.model('ProvinceSettings', schema);

const idOf = (provinceCode: string) => stableId('province-settings', provinceCode);
type Doc = ProvinceSettings & { _id: mongoose.Types.ObjectId };

/** Repository over province settings; the id is derived from the province code. */
export const provinceSettings = {
  async byCodes(codes: readonly string[]): Promise<Map<string, ProvinceSettings>> {
    const unique = [...new Set(codes)];
    if (!unique.length) return new Map();
    const docs = (await SettingsModel.find({ _id: { $in: oids(unique.map(idOf)) } })
      .batchSize(wholeReply(unique.length))
      .lean()) as Doc[];
    return new Map(docs.map(({ _id: _, ...d }) => [d.provinceCode, d]));
  },
  /** Sets one language's funeral-allowance text (an upsert under the deterministic id). */
  async setFuneralText(provinceCode: string, lang: 'vi' | 'en', text: string, at: Date): Promise<void> {
    await SettingsModel.collection.updateOne(
      { _id: oid(idOf(provinceCode)) },
      { $set: { provinceCode, [`funeralText.${lang}`]: text, updatedAt: at } },
      { upsert: true },
    );
  },
  /** Switches the province's ZNS fallback on or off (an upsert under the deterministic id). */
  async setZnsFallback(provinceCode: string, on: boolean, at: Date): Promise<void> {
    await SettingsModel.collection.updateOne(
      { _id: oid(idOf(provinceCode)) },
      { $set: { provinceCode, znsFallback: on, updatedAt: at }, $setOnInsert: { funeralText: {} } },
      { upsert: true },
    );
  },
};
