import mongoose from 'mongoose';
import type { ObjectId } from 'mongodb';
import { findBatch } from '../models/batch-read.js';
import { startTestRuntime } from './support/runtime.js';

/** `findBatch` replaces cursors on the bot's hot path, so it must return every match in one answer. */

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let ids: ObjectId[];
const COLLECTION = 'batch_read_docs';

beforeAll(async () => {
  rt = await startTestRuntime();
  const coll = mongoose.connection.db!.collection(COLLECTION);
  await coll.deleteMany({});
  // More than the 101 documents a driver's first batch holds by default.
  const { insertedIds } = await coll.insertMany(Array.from({ length: 150 }, (_, i) => ({ i, name: `row ${i}`, secret: 'not for the view' })));
  ids = Object.values(insertedIds) as ObjectId[];
});
afterAll(async () => {
  await rt.stop();
});

describe('reading a known number of documents in one command', () => {
  test('when 150 ids are asked for, then all 150 come back in one answer with only the projected fields', async () => {
    const rows = await findBatch<{ _id: ObjectId; i: number; name?: string; secret?: string }>(COLLECTION, { _id: { $in: ids } }, { i: 1 }, ids.length);
    expect(rows.map((r) => r.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(rows.every((r) => r.name === undefined && r.secret === undefined)).toBe(true);
  });

  test('when more documents match than asked for, then at most that many come back', async () => {
    const rows = await findBatch(COLLECTION, { i: { $gte: 0 } }, { i: 1 }, 7);
    expect(rows).toHaveLength(7);
  });

  test('when nothing matches, then the answer is empty', async () => {
    expect(await findBatch(COLLECTION, { i: -1 }, { i: 1 }, 5)).toEqual([]);
  });

  test("when mongoose's debug hook is set, then it is told about the read like any collection call", async () => {
    const seen: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => { seen.push(`${collection}.${method}`); });
    try {
      await findBatch(COLLECTION, { _id: ids[0] }, { i: 1 }, 1);
    } finally {
      mongoose.set('debug', false);
    }
    expect(seen).toEqual([`${COLLECTION}.find`]);
  });
});
