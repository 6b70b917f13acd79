import type { Model, Types } from 'mongoose';
import { isDuplicateKey, oid, wholeReply } from './ids.js';

/** A document to store under a deterministic id, with a hash of its meaningful content. */
export type Versioned = { _id: string; contentHash: string } & Record<string, unknown>;

/**
 * A document known by its id and content hash, built only when it has to be written: building
 * may cost (sealing personal numbers), and a re-import writes nothing.
 */
export type Pending = { _id: string; contentHash: string; build: () => Record<string, unknown> };

/** A pending document's fields, without the id it is stored under. */
function bodyOf(d: Pending): Record<string, unknown> {
  const { _id: _ignored, ...body } = d.build();
  return body;
}

/** What a batch write did, by id; `previous` holds the requested fields of documents that changed. */
export type SyncResult<P> = {
  created: string[];
  updated: string[];
  unchanged: string[];
  conflicts: string[];
  previous: Map<string, P>;
};

/**
 * Writes a batch idempotently on every database rung, without upserts or transactions:
 * looks the ids up, inserts the new ones, and updates a changed one only if its stored hash is
 * still the one we read (so two concurrent imports cannot overwrite each other blindly).
 */
export async function syncBatch<P extends Record<string, unknown>>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  docs: Versioned[],
  keepFields: (keyof P & string)[] = [],
): Promise<SyncResult<P>> {
  return syncPending<P>(
    model,
    docs.map((d) => ({ _id: d._id, contentHash: d.contentHash, build: () => d })),
    keepFields,
  );
}

/** `syncBatch` for documents built on demand: only new and changed ones are built. */
export async function syncPending<P extends Record<string, unknown>>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  docs: Pending[],
  keepFields: (keyof P & string)[] = [],
): Promise<SyncResult<P>> {
  const result: SyncResult<P> = { created: [], updated: [], unchanged: [], conflicts: [], previous: new Map() };
  if (!docs.length) return result;
  const projection = Object.fromEntries(['contentHash', 'version', ...keepFields].map((f) => [f, 1]));
  const found = (await model
    .find({ _id: { $in: docs.map((d) => oid(d._id)) } }, projection)
    .batchSize(wholeReply(docs.length))
    .lean()) as unknown as ({
    _id: Types.ObjectId;
    contentHash: string;
    version?: number;
  } & P)[];
  const existing = new Map(found.map((d) => [String(d._id), d]));
  const now = new Date();

  const fresh = docs.filter((d) => !existing.has(d._id));
  if (fresh.length) {
    try {
      await model.collection.insertMany(
        fresh.map((d) => ({
          _id: oid(d._id),
          ...bodyOf(d),
          contentHash: d.contentHash,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })),
        { ordered: false },
      );
      result.created.push(...fresh.map((d) => d._id));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const failed = new Set(
        ((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => fresh[w.index]?._id),
      );
      for (const d of fresh) (failed.has(d._id) ? result.conflicts : result.created).push(d._id);
    }
  }

  const changed = docs.filter((d) => existing.has(d._id) && existing.get(d._id)!.contentHash !== d.contentHash);
  result.unchanged.push(...docs.filter((d) => existing.get(d._id)?.contentHash === d.contentHash).map((d) => d._id));
  if (changed.length) {
    const ops = changed.map((d) => ({
      updateOne: {
        filter: { _id: oid(d._id), contentHash: existing.get(d._id)!.contentHash },
        update: { $set: { ...bodyOf(d), contentHash: d.contentHash, updatedAt: now }, $inc: { version: 1 } },
      },
    }));
    const res = await model.collection.bulkWrite(ops, { ordered: false });
    if (res.matchedCount === changed.length) {
      result.updated.push(...changed.map((d) => d._id));
    } else {
      const after = (await model
        .find({ _id: { $in: changed.map((d) => oid(d._id)) } }, { contentHash: 1 })
        .batchSize(wholeReply(changed.length))
        .lean()) as unknown as { _id: Types.ObjectId; contentHash: string }[];
      const nowHash = new Map(after.map((d) => [String(d._id), d.contentHash]));
      for (const d of changed) (nowHash.get(d._id) === d.contentHash ? result.updated : result.conflicts).push(d._id);
    }
    const updated = new Set(result.updated);
    for (const d of changed) if (updated.has(d._id)) result.previous.set(d._id, existing.get(d._id) as unknown as P);
  }
  return result;
}
