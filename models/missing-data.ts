import type mongoose from 'mongoose';
import { BeneficiaryModel, type StoredBeneficiary } from './beneficiary.js';
import { oids } from './ids.js';

/** Where records live, as officers' queries filter them (a province, some communes, both, or all). */
export type AreaFilter = { provinceCode?: string; communeCodes?: readonly string[] };

/** How many active records of one commune lack exactly this combination of fields. */
export type MissingGroup = { communeCode: string; missing: string[]; count: number };

/** One active record lacking something, with what a list shows (the ID only by its last 4 digits). */
export type MissingRow = Pick<StoredBeneficiary, 'id' | 'fullName' | 'dateOfBirth' | 'communeCode' | 'missing'> & {
  idLast4: string;
};

function activeIn(area: AreaFilter): Record<string, unknown> {
  return {
    ...(area.provinceCode ? { provinceCode: area.provinceCode } : {}),
    ...(area.communeCodes ? { communeCode: { $in: [...area.communeCodes] } } : {}),
    status: 'active',
  };
}

const LIST_FIELDS = { fullName: 1, dateOfBirth: 1, communeCode: 1, 'nationalId.last4': 1, missing: 1 } as const;
type ListDoc = {
  _id: mongoose.Types.ObjectId;
  fullName: string;
  dateOfBirth: string;
  communeCode: string;
  nationalId: { last4: string };
  missing: string[];
};
const row = (d: ListDoc): MissingRow => ({
  id: String(d._id),
  fullName: d.fullName,
  dateOfBirth: d.dateOfBirth,
  communeCode: d.communeCode,
  idLast4: d.nationalId?.last4 ?? '',
  missing: d.missing ?? [],
});

/** Reads over active records by what they lack; the filter is served by the (province | commune, status) indexes. */
export const missingData = {
  /**
   * Active records per commune and per combination of missing fields, in one aggregation: grouping
   * by the whole array (at most 2^6 combinations a commune) rather than `$unwind`ing it lets the
   * caller count records missing anything as well as each field, without a second pass.
   */
  async groups(area: AreaFilter): Promise<MissingGroup[]> {
    const rows = (await BeneficiaryModel.collection
      .aggregate(
        [{ $match: activeIn(area) }, { $group: { _id: { c: '$communeCode', m: '$missing' }, n: { $sum: 1 } } }],
        // A province's groups (communes × combinations) in the first reply: no getMore round trips.
        { batchSize: 20_000 },
      )
      .toArray()) as { _id: { c: string; m?: string[] | null }; n: number }[];
    return rows.map((r) => ({ communeCode: r._id.c, missing: r._id.m ?? [], count: r.n }));
  },
  /** One page of active records lacking one of `fields`, by commune then name; and how many there are. */
  async page(
    area: AreaFilter,
    fields: readonly string[],
    skip: number,
    limit: number,
  ): Promise<{ rows: MissingRow[]; total: number }> {
    const filter = { ...activeIn(area), missing: { $in: [...fields] } };
    const [docs, total] = await Promise.all([
      BeneficiaryModel.find(filter, LIST_FIELDS)
        .sort({ communeCode: 1, fullName: 1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean() as unknown as Promise<ListDoc[]>,
      BeneficiaryModel.countDocuments(filter),
    ]);
    return { rows: docs.map(row), total };
  },
  /** Every active record lacking one of `fields`, streamed (for a download), in no promised order. */
  async *scan(area: AreaFilter, fields: readonly string[], batchSize = 1000): AsyncGenerator<MissingRow> {
    const cursor = BeneficiaryModel.collection.find(
      { ...activeIn(area), missing: { $in: [...fields] } },
      { projection: LIST_FIELDS, batchSize },
    );
    for await (const d of cursor) yield row(d as unknown as ListDoc);
  },
  /** Removes a field from the records' missing list, where it is there; returns the ids changed (one read, one write). */
  async drop(ids: readonly string[], field: string): Promise<string[]> {
    if (!ids.length) return [];
    const filter = { _id: { $in: oids(ids) }, missing: field };
    const having = (await BeneficiaryModel.collection.find(filter, { projection: { _id: 1 } }).toArray()).map((d) =>
      String(d._id),
    );
    if (having.length)
      await BeneficiaryModel.collection.updateMany(filter, { $pull: { missing: field } } as Record<string, unknown>);
    return having;
  },
};
