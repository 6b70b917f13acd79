import mongoose from 'mongoose';

/**
 * Reads at most `max` documents with one `find` command and no cursor. The command asks for a
 * single batch of at most `max`, so the server closes its cursor itself and the driver does not
 * open, iterate and close one: on the bot's hot path that machinery cost more CPU than the
 * round trip (about 7 % of the bot's CPU per `/status` update over three reads, in interleaved
 * runs). Only for reads whose size is known, such as an `$in` over ids.
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
type Waiter<T> = { ids: readonly ObjectId[]; resolve: (rows: T[]) => void; reject: (err: unknown) => void };

/**
 * Reads documents by `_id` for every caller of the same event-loop turn with one `find`
 * (the "data loader" pattern). Each command costs the driver and FerretDB far more than an id
 * in it, and under load many chats ask at once: `/status` makes three reads per update, so
 * batching them is what lets the bot's one thread keep up. Nothing is cached: a read asked for
 * after a write has been acknowledged is sent after it and sees it. Callers get their own
 * documents (missing ids are left out), in no particular order.
 */
export function byIdsReader<T extends { _id: unknown }>(
  collection: () => string,
  projection: Record<string, 0 | 1>,
): (ids: readonly ObjectId[]) => Promise<T[]> {
  let waiting: Waiter<T>[] = [];
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    const wanted = new Map<string, ObjectId>();
    for (const w of batch) for (const id of w.ids) wanted.set(id.toHexString(), id);
    const all = [...wanted.values()];
    const found = new Map<string, T>();
    try {
      for (let i = 0; i < all.length; i += MAX_BATCH_IDS) {
        const chunk = all.slice(i, i + MAX_BATCH_IDS);
        for (const row of await findBatch<T>(collection(), { _id: { $in: chunk } }, projection, chunk.length))
          found.set(String(row._id), row);
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch)
      w.resolve([...new Set(w.ids.map((id) => id.toHexString()))].flatMap((id) => found.get(id) ?? []));
  };
  return (ids) => {
    if (!ids.length) return Promise.resolve([]);
    return new Promise<T[]>((resolve, reject) => {
      // setImmediate runs after the I/O callbacks of this turn: every update they started joins in
      if (waiting.push({ ids, resolve, reject }) === 1) setImmediate(() => void flush());
    });
  };
}
