import { AccountModel, type AccountPlace } from './account.js';
import { oid } from './ids.js';

/** The record's name and place on its account details (see `AccountPlace`). */
export const accountPlaces = {
  /**
   * Copies the record's name and place onto its account details (a beneficiary import changed
   * them); records without details are left alone. One command for the batch.
   */
  async set(rows: readonly { accountId: string; place: AccountPlace }[]): Promise<void> {
    if (!rows.length) return;
    await AccountModel.collection.bulkWrite(
      rows.map((r) => ({ updateOne: { filter: { _id: oid(r.accountId) }, update: { $set: r.place } } })),
      { ordered: false },
    );
  },
  /** Up to `limit` accounts stored before they carried their record's place (for the one-off backfill). */
  async missing(limit: number): Promise<{ id: string; beneficiaryId: string }[]> {
    const rows = (await AccountModel.find({ communeCode: null }, { beneficiaryId: 1 })
      .limit(limit)
      .lean()) as unknown as { _id: unknown; beneficiaryId: unknown }[];
    return rows.map((r) => ({ id: String(r._id), beneficiaryId: String(r.beneficiaryId) }));
  },
};
