import mongoose, { Schema } from 'mongoose';
import { byIdsReader } from './batch-read.js';
import { PUSHDOWN } from './db/connection.js';
import { oid, oids, stableId } from './ids.js';

/** A commune, ward or special zone (5-digit code) under one of the 34 provinces. */
export type Commune = {
  id: string;
  code: string;
  name: string;
  provinceCode: string;
  legacyDistrict: string | null;
  /** Where people go to correct their details, and when it is open; null when not imported. */
  address: string | null;
  officeHours: string | null;
};

const schema = new Schema(
  {
    _id: Schema.Types.ObjectId,
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    provinceCode: { type: String, required: true },
    legacyDistrict: { type: String, default: null },
    address: { type: String, default: null },
    officeHours: { type: String, default: null },
  },
  { collection: 'communes', timestamps: true, versionKey: false },
);

// A province's communes (the reminder pass and the officers' pages read them by province).
schema.index({ provinceCode: 1 }, PUSHDOWN);

const CommuneModel = mongoose.model('Commune', schema);

type Doc = {
  _id: mongoose.Types.ObjectId;
  code: string;
  name: string;
  provinceCode: string;
  legacyDistrict?: string | null;
  address?: string | null;
  officeHours?: string | null;
};
// By-id reads of the same event-loop turn share one find (mini-app views, commune imports).
const readCommunes = byIdsReader<Doc>(() => CommuneModel.collection.collectionName, {});
const plain = (d: Doc): Commune => ({
  id: String(d._id),
  code: d.code,
  name: d.name,
  provinceCode: d.provinceCode,
  legacyDistrict: d.legacyDistrict ?? null,
  address: d.address ?? null,
  officeHours: d.officeHours ?? null,
});

/** Small repository over the communes collection; returns plain objects. */
export const communes = {
  async byIds(ids: readonly string[]): Promise<Commune[]> {
    if (!ids.length) return [];
    return (await readCommunes(oids(ids))).map(plain);
  },
  /** Communes by official code (ids are derived from codes). */
  async byCodes(codes: readonly string[]): Promise<Commune[]> {
    return communes.byIds(codes.map((c) => stableId('commune', c)));
  },
  async byId(id: string): Promise<Commune | null> {
    const d = (await CommuneModel.findById(oid(id)).lean()) as Doc | null;
    return d ? plain(d) : null;
  },
  /** A province's communes (about a hundred), in code order. */
  async ofProvince(provinceCode: string): Promise<Commune[]> {
    return ((await CommuneModel.collection.find({ provinceCode }).toArray()) as Doc[])
      .map(plain)
      .sort((a, b) => a.code.localeCompare(b.code));
  },
  async all(): Promise<Commune[]> {
    return ((await CommuneModel.find().sort({ code: 1 }).lean()) as Doc[]).map(plain);
  },
  async insertMany(rows: Commune[]): Promise<void> {
    if (!rows.length) return;
    await CommuneModel.collection.insertMany(
      rows.map(({ id, ...r }) => ({ _id: oid(id), ...r, createdAt: new Date(), updatedAt: new Date() })),
      { ordered: false },
    );
  },
  async update(row: Commune): Promise<void> {
    const { id, ...rest } = row;
    await CommuneModel.updateOne({ _id: oid(id) }, { $set: rest });
  },
  async count(): Promise<number> {
    return CommuneModel.estimatedDocumentCount();
  },
};
