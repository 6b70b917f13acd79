import mongoose from 'mongoose';
import type { ObjectId } from 'mongodb';
import { byIdsReader, findBatch } from '../models/batch-read.js';
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
  const { insertedIds } = await coll.insertMany(
    Array.from({ length: 150 }, (_, i) => ({ i, name: `row ${i}`, secret: 'not for the view' })),
  );
  ids = Object.values(insertedIds) as ObjectId[];
});
afterAll(async () => {
  await rt.stop();
});

describe('reading a known number of documents in one command', () => {
  test('when 150 ids are asked for, then all 150 come back in one answer with only the projected fields', async () => {
    const rows = await findBatch<{ _id: ObjectId; i: number; name?: string; secret?: string }>(
      COLLECTION,
      { _id: { $in: ids } },
      { i: 1 },
      ids.length,
    );
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
    mongoose.set('debug', (collection: string, method: string) => {
      seen.push(`${collection}.${method}`);
    });
    try {
      await findBatch(COLLECTION, { _id: ids[0] }, { i: 1 }, 1);
    } finally {
      mongoose.set('debug', false);
    }
    expect(seen).toEqual([`${COLLECTION}.find`]);
  });
});

describe('reading by id for every caller of the same turn', () => {
  type Row = { _id: ObjectId; i: number; name?: string };
  const read = byIdsReader<Row>(() => COLLECTION, { i: 1 });

  /** Counts the finds sent to COLLECTION while `run` runs. */
  async function finds<T>(run: () => Promise<T>): Promise<{ result: T; count: number }> {
    let count = 0;
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === COLLECTION && method === 'find') count++;
    });
    try {
      return { result: await run(), count };
    } finally {
      mongoose.set('debug', false);
    }
  }

  test('when 20 callers ask at once, then one find answers them all and each gets only its own documents', async () => {
    const asks = Array.from({ length: 20 }, (_, k) => [ids[k]!, ids[k + 50]!]);
    const { result, count } = await finds(() => Promise.all(asks.map((a) => read(a))));
    expect(count).toBe(1);
    result.forEach((rows, k) => {
      expect(rows.map((r) => r.i).sort((a, b) => a - b)).toEqual([k, k + 50]);
      expect(rows.every((r) => r.name === undefined)).toBe(true);
    });
  });

  test('when a caller asks from a callback queued earlier in the same turn, then it joins the batch', async () => {
    const { result, count } = await finds(async () => {
      const later = new Promise<Row[]>((resolve) => setImmediate(() => resolve(read([ids[6]!]))));
      return [await read([ids[5]!]), await later];
    });
    expect(count).toBe(1);
    expect(result.map((rows) => rows.map((r) => r.i))).toEqual([[5], [6]]);
  });

  test('when callers ask one after another, then each read goes out on its own', async () => {
    const { result, count } = await finds(async () => [await read([ids[1]!]), await read([ids[2]!])]);
    expect(count).toBe(2);
    expect(result.map((rows) => rows.map((r) => r.i))).toEqual([[1], [2]]);
  });

  test('when an id is missing or asked twice, then the caller gets each document it asked for once', async () => {
    const missing = new mongoose.Types.ObjectId();
    const rows = await read([ids[3]!, missing, ids[3]!]);
    expect(rows.map((r) => r.i)).toEqual([3]);
    expect(await read([missing])).toEqual([]);
    expect(await read([])).toEqual([]);
  });

  test('when a write has been acknowledged, then a read asked after it sees it', async () => {
    const coll = mongoose.connection.db!.collection(COLLECTION);
    const [a, b] = await Promise.all([read([ids[4]!]), coll.updateOne({ _id: ids[4] }, { $set: { i: 1004 } })]);
    expect(a).toHaveLength(1);
    expect(b.modifiedCount).toBe(1);
    // a reader that kept what it had read would answer 4 here
    expect((await read([ids[4]!]))[0]?.i).toBe(1004);
    await coll.updateOne({ _id: ids[4] }, { $set: { i: 4 } });
  });

  test('when more ids wait than one command takes (500), then further commands carry the rest', async () => {
    const coll = mongoose.connection.db!.collection(COLLECTION);
    const { insertedIds } = await coll.insertMany(Array.from({ length: 450 }, (_, i) => ({ i: 1000 + i })));
    const more = [...ids, ...(Object.values(insertedIds) as ObjectId[])];
    const { result, count } = await finds(() => Promise.all([read(more.slice(0, 300)), read(more.slice(300))]));
    expect(count).toBe(2);
    expect(result[0]).toHaveLength(300);
    expect(result[1]).toHaveLength(300);
    await coll.deleteMany({ i: { $gte: 1000 } });
  });

  test('when the read fails, then every caller of that turn gets the error', async () => {
    const broken = byIdsReader<Row>(
      () => {
        throw new Error('database gone');
      },
      { i: 1 },
    );
    const outcomes = await Promise.allSettled([broken([ids[0]!]), broken([ids[1]!])]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'resolved'))).toEqual([
      'Error: database gone',
      'Error: database gone',
    ]);
  });
});
