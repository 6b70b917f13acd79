import type mongoose from 'mongoose';
import {
  AccountModel,
  verificationOf,
  type AccountDetails,
  type DetailField,
  type Verification,
  type VerificationState,
} from './account.js';
import { oid, oids, wholeReply } from './ids.js';

/** Where accounts live, as the officers' scope narrows them (services/officers/scope.ts `Area`). */
export type AccountArea = { provinceCode?: string; communeCodes?: readonly string[] };

/** One account as the officers' queue and the police export read it (the sealed number included). */
export type QueuedAccount = {
  id: string;
  beneficiaryId: string;
  fullName: string | null;
  communeCode: string | null;
  provinceCode: string | null;
  state: VerificationState;
  changedFields: DetailField[];
  current: AccountDetails;
  /** The police's last answer on the details these replaced, with the population database's values. */
  lastResult: Verification | null;
  version: number;
};

type Doc = {
  _id: mongoose.Types.ObjectId;
  beneficiaryId: mongoose.Types.ObjectId;
  fullName?: string | null;
  communeCode?: string | null;
  provinceCode?: string | null;
  changedFields?: DetailField[];
  verification: { state: VerificationState };
  current: AccountDetails;
  lastResult?: Parameters<typeof verificationOf>[0] | null;
  version: number;
};

const PROJECTION = {
  beneficiaryId: 1,
  fullName: 1,
  communeCode: 1,
  provinceCode: 1,
  changedFields: 1,
  'verification.state': 1,
  current: 1,
  lastResult: 1,
  version: 1,
} as const;

// Oldest first; `_id` breaks ties so pages never overlap. Both are the last keys of the queue indexes.
const OLDEST_FIRST = { 'current.submittedAt': 1, _id: 1 } as const;

const plain = (d: Doc): QueuedAccount => ({
  id: String(d._id),
  beneficiaryId: String(d.beneficiaryId),
  fullName: d.fullName ?? null,
  communeCode: d.communeCode ?? null,
  provinceCode: d.provinceCode ?? null,
  state: d.verification.state,
  changedFields: d.changedFields ?? [],
  current: d.current,
  lastResult: d.lastResult ? verificationOf(d.lastResult) : null,
  version: d.version,
});

function filterOf(area: AccountArea, states: readonly VerificationState[]): Record<string, unknown> {
  return {
    ...(area.communeCodes ? { communeCode: { $in: [...area.communeCodes] } } : {}),
    ...(area.provinceCode ? { provinceCode: area.provinceCode } : {}),
    'verification.state': { $in: [...states] },
  };
}

/** Reads over accounts for the officers' verification work; plain objects. */
export const verificationQueue = {
  /** One page of the area's accounts in these states, oldest first (one command). */
  async page(
    area: AccountArea,
    states: readonly VerificationState[],
    skip: number,
    limit: number,
  ): Promise<QueuedAccount[]> {
    const docs = (await AccountModel.find(filterOf(area, states), PROJECTION)
      .sort(OLDEST_FIRST)
      .skip(skip)
      .limit(limit)
      .batchSize(wholeReply(limit))
      .lean()) as unknown as Doc[];
    return docs.map(plain);
  },
  /** How many of the area's accounts are in these states (one command). */
  async count(area: AccountArea, states: readonly VerificationState[]): Promise<number> {
    return AccountModel.countDocuments(filterOf(area, states));
  },
  /** How many of the area's accounts are in each of these states (one command). */
  async countByState(area: AccountArea, states: readonly VerificationState[]): Promise<Map<VerificationState, number>> {
    const rows = (await AccountModel.aggregate([
      { $match: filterOf(area, states) },
      { $group: { _id: '$verification.state', n: { $sum: 1 } } },
    ])) as { _id: VerificationState; n: number }[];
    return new Map(rows.map((r) => [r._id, r.n]));
  },
  /**
   * Every account of the area in these states, oldest first, `size` per database reply: the police
   * export streams through it without holding the area in memory.
   */
  async *batches(
    area: AccountArea,
    states: readonly VerificationState[],
    size: number,
  ): AsyncGenerator<QueuedAccount[]> {
    const cursor = AccountModel.collection
      .find(filterOf(area, states), { projection: PROJECTION, sort: OLDEST_FIRST, batchSize: size })
      .map((d) => plain(d as unknown as Doc));
    let batch: QueuedAccount[] = [];
    for await (const row of cursor) {
      batch.push(row);
      // The driver holds a reply's documents already: hand them on as soon as the reply is used up.
      if (batch.length >= size || cursor.bufferedCount() === 0) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  },
  /** These accounts, whatever their state (one command). */
  async byIds(ids: readonly string[]): Promise<QueuedAccount[]> {
    if (!ids.length) return [];
    const docs = (await AccountModel.find({ _id: { $in: oids(ids) } }, PROJECTION)
      .batchSize(wholeReply(ids.length))
      .lean()) as unknown as Doc[];
    return docs.map(plain);
  },
  /**
   * Moves these accounts from `submitted` to `verifying`, each only if still submitted at the
   * version read (details changed meanwhile are not what the police received). One command;
   * returns how many moved.
   */
  async markVerifying(rows: readonly { id: string; version: number }[], at: Date): Promise<number> {
    if (!rows.length) return 0;
    const res = await AccountModel.collection.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { _id: oid(r.id), version: r.version, 'verification.state': 'submitted' },
          update: {
            $set: { verification: { state: 'verifying', mismatchFields: [], reason: null, at }, updatedAt: at },
          },
        },
      })),
      { ordered: false },
    );
    return res.modifiedCount;
  },
};
