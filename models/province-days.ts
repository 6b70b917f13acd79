import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './ids.js';

/** Active records of an area, those lacking anything, and how many lack each field. */
export type MissingCounts = { active: number; missingAny: number; missing: Record<string, number> };

/** What the dashboard's charts read for one day of one area: small counters, never a scan of the outbox or the register. */
export type DayFigures = {
  day: string;
  /** Notices delivered to beneficiaries that day, by channel. */
  delivered: Record<string, number>;
  /** Police results received for that day, by verification state. */
  results: Record<string, number>;
  /** The day's snapshot of missing data (null: no snapshot was taken that day). */
  missing: MissingCounts | null;
};

/** A count to add to one day of one province (and of its commune, when known). */
export type DayCount = { provinceCode: string; communeCode: string | null; day: string; key: string; count: number };

/**
 * One document per province and day (Vietnam's day), `_id` `01:2026-12-05`: counters that the
 * outbox's sends and the results import add to, and the daily missing-data snapshot. Per-commune
 * figures sit beside the province's (`deliveredIn.00004.telegram`) so a commune officer's chart is
 * the same single read, projected.
 */
const schema = new Schema({ _id: String }, { collection: 'province_days', versionKey: false, strict: false });
const ProvinceDayModel = mongoose.model('ProvinceDay', schema);
const collection = () => ProvinceDayModel.collection as unknown as mongoose.mongo.Collection<{ _id: string }>;

/** The document of one province's day. */
export const provinceDayId = (provinceCode: string, day: string): string => `${provinceCode}:${day}`;

type Counter = 'delivered' | 'results';
type Doc = {
  _id: string;
  day: string;
  delivered?: Record<string, number>;
  results?: Record<string, number>;
  missing?: MissingCounts;
  deliveredIn?: Record<string, Record<string, number>>;
  resultsIn?: Record<string, Record<string, number>>;
  missingIn?: Record<string, MissingCounts>;
  missingAt?: Date;
};

/** `$inc` upserts, one per province-day touched, for a batch of counts. */
function incrementsOf(field: Counter, counts: readonly DayCount[]) {
  const byId = new Map<string, { provinceCode: string; day: string; inc: Record<string, number> }>();
  for (const c of counts) {
    if (!c.count) continue;
    const id = provinceDayId(c.provinceCode, c.day);
    const e = byId.get(id) ?? byId.set(id, { provinceCode: c.provinceCode, day: c.day, inc: {} }).get(id)!;
    const add = (path: string) => (e.inc[path] = (e.inc[path] ?? 0) + c.count);
    add(`${field}.${c.key}`);
    if (c.communeCode) add(`${field}In.${c.communeCode}.${c.key}`);
  }
  return [...byId].map(([_id, e]) => ({
    updateOne: {
      filter: { _id },
      update: { $inc: e.inc, $setOnInsert: { provinceCode: e.provinceCode, day: e.day } },
      upsert: true,
    },
  }));
}

const sum = (into: Record<string, number>, from: Record<string, number> | undefined) => {
  for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
  return into;
};

function addMissing(into: MissingCounts | null, from: MissingCounts | undefined): MissingCounts | null {
  if (!from) return into;
  const out = into ?? { active: 0, missingAny: 0, missing: {} };
  out.active += from.active;
  out.missingAny += from.missingAny;
  sum(out.missing, from.missing);
  return out;
}

/** Repository over the provinces' day figures. */
export const provinceDays = {
  /**
   * Adds counts, one bulkWrite for the batch. Two processes creating the same day at once may both
   * try to insert it: the loser's writes are sent again, now as updates.
   */
  async add(field: Counter, counts: readonly DayCount[]): Promise<void> {
    let ops = incrementsOf(field, counts);
    for (let attempt = 0; ops.length && attempt < 3; attempt++) {
      try {
        await collection().bulkWrite(ops, { ordered: false });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => w.index));
        ops = ops.filter((_, i) => failed.has(i));
      }
    }
  },

  /** The provinces among these whose missing-data snapshot of `day` is stored already (one read). */
  async withMissing(provinceCodes: readonly string[], day: string): Promise<Set<string>> {
    const docs = await collection()
      .find(
        { _id: { $in: provinceCodes.map((p) => provinceDayId(p, day)) } },
        { projection: { provinceCode: 1, missingAt: 1 }, batchSize: provinceCodes.length + 1 },
      )
      .toArray();
    return new Set(
      (docs as unknown as { provinceCode: string; missingAt?: Date }[])
        .filter((d) => d.missingAt)
        .map((d) => d.provinceCode),
    );
  },

  /** Stores a province's missing-data snapshot of `day` (the same snapshot again changes nothing). */
  async putMissing(
    provinceCode: string,
    day: string,
    totals: MissingCounts,
    byCommune: Record<string, MissingCounts>,
    at: Date,
  ): Promise<void> {
    await collection().updateOne(
      { _id: provinceDayId(provinceCode, day) },
      { $set: { provinceCode, day, missing: totals, missingIn: byCommune, missingAt: at } },
      { upsert: true },
    );
  },

  /**
   * The days asked for of one province (those with nothing stored are left out), in one read by
   * `_id`: the province's own figures, or, given communes, the sum of those communes' figures.
   */
  async read(provinceCode: string, days: readonly string[], communeCodes?: readonly string[]): Promise<DayFigures[]> {
    const projection: Record<string, 1> = { day: 1, missingAt: 1 };
    if (communeCodes)
      for (const c of communeCodes)
        for (const f of ['deliveredIn', 'resultsIn', 'missingIn']) projection[`${f}.${c}`] = 1;
    else Object.assign(projection, { delivered: 1, results: 1, missing: 1 });
    const docs = (await collection()
      .find(
        { _id: { $in: days.map((d) => provinceDayId(provinceCode, d)) } },
        { projection, batchSize: days.length + 1 },
      )
      .toArray()) as unknown as Doc[];
    return docs
      .map((d): DayFigures => {
        if (!communeCodes)
          return { day: d.day, delivered: d.delivered ?? {}, results: d.results ?? {}, missing: d.missing ?? null };
        const out: DayFigures = { day: d.day, delivered: {}, results: {}, missing: null };
        for (const c of communeCodes) {
          sum(out.delivered, d.deliveredIn?.[c]);
          sum(out.results, d.resultsIn?.[c]);
          out.missing = addMissing(out.missing, d.missingIn?.[c]);
        }
        // A snapshot that day counts the communes without records as zeros, not as "no snapshot".
        if (!out.missing && d.missingAt) out.missing = { active: 0, missingAny: 0, missing: {} };
        return out;
      })
      .sort((a, b) => a.day.localeCompare(b.day));
  },
};
