import DataLoader from 'dataloader';
import mongoose from 'mongoose';

/**
 * Reads at most `max` documents with one `find` command and no cursor. The command asks for a
 * single batch of at most `max`, so the server closes its cursor itself and the driver does not
 * open, iterate and close one: on the bot's hot path that machinery cost more CPU than the
 * round trip (figures in bench/README-telegram.md). Only for reads whose size is known, such as
 * an `$in` over ids.
 */
export async function findBatch<T>(
  collection: string,
  filter: Record<string, unknown>,
  projection: Record<string, 0 | 1>,
  max: number,
): Promise<T[]> {
  // Mongoose's debug hook sees its own collection calls only; tell it about this one too, so
  // `mongoose.set('debug')` (and the benchmarks' operation counts) still show every read.
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (c: string, m: string, ...a: unknown[]) => void)(collection, 'find', filter, { projection, limit: max });
  const res = await mongoose.connection.db!.command({
    find: collection,
    filter,
    projection,
    limit: max,
    batchSize: max,
    singleBatch: true,
  });
  return (res as { cursor?: { firstBatch?: T[] } }).cursor?.firstBatch ?? [];
}

/** Most ids one batched `find` asks for; more waiting ids go out in further commands. */
const MAX_BATCH_IDS = 500;

type ObjectId = mongoose.Types.ObjectId;

/**
 * Reads documents by `_id` for every caller of the same event-loop turn with one `find`
 * (dataloader). Each command costs the driver and the database far more than an id in it, and
 * under load many chats ask at once: `/status` makes three reads per update, so batching them is
 * what lets the bot's one thread keep up. Nothing is cached (`cache: false`): a read asked for
 * after a write has been acknowledged is sent after it and sees it. Callers get their own
 * documents, each once (missing ids are left out).
 */
export function byIdsReader<T extends { _id: unknown }>(
  collection: () => string,
  projection: Record<string, 0 | 1>,
): (ids: readonly ObjectId[]) => Promise<T[]> {
  const loader = new DataLoader<ObjectId, T | null>(
    async (ids) => {
      const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
      const rows = await findBatch<T>(collection(), { _id: { $in: unique } }, projection, unique.length);
      const found = new Map(rows.map((row) => [String(row._id), row]));
      return ids.map((id) => found.get(id.toHexString()) ?? null);
    },
    {
      cache: false,
      maxBatchSize: MAX_BATCH_IDS,
      // setImmediate runs after the I/O callbacks of this turn, so every update they started joins
      // the batch; dataloader's default (the next tick) would send one batch per callback.
      batchScheduleFn: (send) => setImmediate(send),
    },
  );
  return async (ids) => {
    const wanted = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
    // load() per id, not loadMany(): loadMany resolves a failed read to Error values instead of rejecting
    const rows: (T | null)[] = await Promise.all(wanted.map((id) => loader.load(id)));
    return rows.filter((row): row is T => row !== null);
  };
}
