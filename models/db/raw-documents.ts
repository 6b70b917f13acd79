import mongoose from 'mongoose';

/** Raw access for whole-database maintenance (key rotation): every collection, every document as stored. */
type Raw = Record<string, unknown> & { _id: unknown };

/** The collections of the connected database, system ones left out. */
export async function collectionNames(): Promise<string[]> {
  const list = await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray();
  return list
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
}

/** Every document of a collection, in `_id` order, read in batches. */
export async function* scanDocuments(collection: string, batchSize = 500): AsyncGenerator<Raw> {
  const cursor = mongoose.connection.db!.collection<Raw>(collection).find({}).sort({ _id: 1 }).batchSize(batchSize);
  try {
    for await (const doc of cursor) yield doc;
  } finally {
    await cursor.close();
  }
}

/**
 * Sets fields of one document only if each still holds the value read: a process that wrote in
 * between wins, and the caller reads the document again. True when the update applied.
 */
export async function setIfUnchanged(
  collection: string,
  id: unknown,
  changes: { path: string; was: string; now: string }[],
): Promise<boolean> {
  const filter: Record<string, unknown> = { _id: id };
  const set: Record<string, string> = {};
  for (const c of changes) {
    filter[c.path] = c.was;
    set[c.path] = c.now;
  }
  const res = await mongoose.connection.db!.collection<Raw>(collection).updateOne(filter as never, { $set: set });
  return res.modifiedCount === 1;
}

/** One document as stored, or null. */
export async function readDocument(collection: string, id: unknown): Promise<Raw | null> {
  return mongoose.connection.db!.collection<Raw>(collection).findOne({ _id: id } as never);
}
