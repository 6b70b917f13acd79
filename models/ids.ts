import { hash } from 'node:crypto';
import { Types } from 'mongoose';

/** A deterministic 24-hex ObjectId from non-secret parts, so writes are idempotent on every database rung. */
export function stableId(...parts: string[]): string {
  // One-shot crypto.hash: an import derives several ids per row, and a Hash object per call cost
  // several times as much (bench/README.md).
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 24);
}

/** The id of a beneficiary's account-details document. */
export function accountIdFor(beneficiaryId: string): string {
  return stableId('account', beneficiaryId);
}

/** The id of one allowance kind's payment for a beneficiary and period. */
export function paymentIdFor(beneficiaryId: string, period: string, kind: string): string {
  return stableId('payment', beneficiaryId, period, kind);
}

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

/**
 * `batchSize` for a read of at most `expected` documents (an `$in` over ids): the whole answer in
 * the first reply. Servers otherwise answer in batches (MongoDB's first holds 101 documents), and
 * each further batch is one more round trip (`getMore`). One more than expected, because a server
 * that filled the batch exactly cannot tell it was the last and leaves the cursor open.
 */
export function wholeReply(expected: number): number {
  return expected + 1;
}
