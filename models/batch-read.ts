import mongoose from 'mongoose';

/**
 * Reads at most `max` documents with one `find` command and no cursor. The command asks for a
 * single batch of at most `max`, so the server closes its cursor itself and the driver does not
 * open, iterate and close one: on the bot's hot path that machinery cost more CPU than the
 * round trip (about 7 % of the bot's CPU per `/status` update over three reads, in interleaved
 * runs). Only for reads whose size is known, such as an `$in` over ids.
 */
export async function findBatch<T>(collection: string, filter: Record<string, unknown>, projection: Record<string, 0 | 1>, max: number): Promise<T[]> {
  // Mongoose's debug hook sees its own collection calls only; tell it about this one too, so
  // `mongoose.set('debug')` (and the benchmarks' operation counts) still show every read.
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function') (debug as (c: string, m: string, ...a: unknown[]) => void)(collection, 'find', filter, { projection, limit: max });
  const res = await mongoose.connection.db!.command({ find: collection, filter, projection, limit: max, batchSize: max, singleBatch: true });
  return (res as { cursor?: { firstBatch?: T[] } }).cursor?.firstBatch ?? [];
}
