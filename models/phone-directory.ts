import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey, oid, oids } from './ids.js';

/**
 * Phone → beneficiary ids, keyed by a secret id derived from the phone, so a shared contact is
 * matched by `_id` (FerretDB v1 uses no other index). Entries may be stale after a phone changes:
 * readers check the record's own phone index.
 */
const schema = new Schema(
  { _id: Schema.Types.ObjectId, beneficiaryIds: { type: [String], default: [] } },
  { collection: 'phone_directory', versionKey: false },
);

const PhoneDirectoryModel = mongoose.model('PhoneDirectory', schema);

/** Repository over the phone directory. */
export const phoneDirectory = {
  async lookup(id: string): Promise<string[]> {
    const d = (await PhoneDirectoryModel.findById(oid(id)).lean()) as { beneficiaryIds?: string[] } | null;
    return d?.beneficiaryIds ?? [];
  },
  /** Adds (entry id → beneficiary id) pairs: existing entries gain the id, new ones are inserted. */
  async add(pairs: { id: string; beneficiaryId: string }[]): Promise<void> {
    if (!pairs.length) return;
    const wanted = new Map<string, Set<string>>();
    for (const p of pairs) (wanted.get(p.id) ?? wanted.set(p.id, new Set()).get(p.id)!).add(p.beneficiaryId);
    const found = (await PhoneDirectoryModel.find({ _id: { $in: oids([...wanted.keys()]) } }).lean()) as {
      _id: unknown;
      beneficiaryIds?: string[];
    }[];
    const existing = new Map(found.map((d) => [String(d._id), new Set(d.beneficiaryIds ?? [])]));
    const fresh = [...wanted].filter(([id]) => !existing.has(id));
    const lateComers: [string, Set<string>][] = [];
    if (fresh.length) {
      try {
        await PhoneDirectoryModel.collection.insertMany(
          fresh.map(([id, ids]) => ({ _id: oid(id), beneficiaryIds: [...ids] })),
          { ordered: false },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => w.index));
        fresh.forEach((f, i) => {
          if (failed.has(i)) lateComers.push(f);
        });
      }
    }
    const updates = [
      ...[...wanted].filter(([id, ids]) => existing.has(id) && [...ids].some((b) => !existing.get(id)!.has(b))),
      ...lateComers,
    ];
    if (updates.length) {
      await PhoneDirectoryModel.collection.bulkWrite(
        updates.map(([id, ids]) => ({
          updateOne: { filter: { _id: oid(id) }, update: { $addToSet: { beneficiaryIds: { $each: [...ids] } } } },
        })),
        { ordered: false },
      );
    }
  },
};
