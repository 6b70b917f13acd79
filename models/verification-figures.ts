import mongoose from 'mongoose';
import { FINAL_VERIFICATION_STATES } from './account.js';

/** Where records live, as a filter: a province, some communes, both, or everything. */
type AreaFilter = { provinceCode?: string; communeCodes?: readonly string[] };

function match(area: AreaFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (area.provinceCode) q.provinceCode = area.provinceCode;
  if (area.communeCodes) q.communeCode = { $in: [...area.communeCodes] };
  return q;
}

/** Per commune: account details by verification state, and police results received since a moment. */
export type CommuneVerificationFigures = { byState: Record<string, number>; resultsSince: number };

/**
 * The officer dashboard's verification figures for an area: two aggregations over the accounts
 * (each carries its commune and province), whatever the area's size.
 */
export async function verificationFigures(
  area: AreaFilter,
  since: Date,
): Promise<Map<string, CommuneVerificationFigures>> {
  const accounts = mongoose.connection.db!.collection('accounts');
  const [byState, results] = await Promise.all([
    accounts
      .aggregate<{ _id: { c: string; s: string }; n: number }>([
        { $match: match(area) },
        { $group: { _id: { c: '$communeCode', s: '$verification.state' }, n: { $sum: 1 } } },
      ])
      .toArray(),
    accounts
      .aggregate<{ _id: string; n: number }>([
        {
          $match: {
            ...match(area),
            'verification.state': { $in: [...FINAL_VERIFICATION_STATES] },
            'verification.at': { $gte: since },
          },
        },
        { $group: { _id: '$communeCode', n: { $sum: 1 } } },
      ])
      .toArray(),
  ]);
  const out = new Map<string, CommuneVerificationFigures>();
  const of = (c: string) => out.get(c) ?? out.set(c, { byState: {}, resultsSince: 0 }).get(c)!;
  for (const r of byState) of(r._id.c).byState[r._id.s] = r.n;
  for (const r of results) of(r._id).resultsSince = r.n;
  return out;
}
