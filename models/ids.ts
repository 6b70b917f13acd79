import { Types } from 'mongoose';

/** Converts the 24-hex ids services pass around into driver ObjectIds. */
export function oid(id: string): Types.ObjectId {
  return new Types.ObjectId(id);
}

/** Converts many ids at once. */
export function oids(ids: readonly string[]): Types.ObjectId[] {
  return ids.map(oid);
}

/** The 11000 duplicate-key error, as MongoDB and FerretDB report it. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Inserts a document under its deterministic id; false when that id is already taken. */
export async function insertOnce(
  collection: { insertOne(doc: Record<string, unknown>): Promise<unknown> },
  doc: Record<string, unknown>,
): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
