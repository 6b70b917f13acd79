import mongoose from 'mongoose';
import { startTestRuntime } from './support/runtime.js';

/**
 * FerretDB v1 opens at most 100 SQLite connections per database, and unpatched, an `update` command
 * kept each statement's read open until the whole command ended: the 101st statement waited for a
 * connection forever (scripts/ferretdb/pushdown-and-update-iterators.patch releases it at once).
 */

let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

test('when one update command carries more statements than FerretDB has SQLite connections, then it completes', async () => {
  const coll = mongoose.connection.db!.collection('multi_statement_update');
  const { insertedIds } = await coll.insertMany(Array.from({ length: 12 }, (_, i) => ({ i })));
  const ids = Object.values(insertedIds);
  const statements = Array.from({ length: 150 }, (_, i) => ({
    updateOne: { filter: { _id: ids[i % ids.length]! }, update: { $inc: { hits: 1 } } },
  }));

  const res = await coll.bulkWrite(statements); // the driver sends them as one `update` command

  expect(res.modifiedCount).toBe(150);
  expect(await coll.countDocuments({ hits: { $gte: 12 } })).toBe(ids.length);
});
