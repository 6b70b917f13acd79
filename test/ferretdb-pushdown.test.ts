import mongoose from 'mongoose';
import { ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { startTestRuntime } from './support/runtime.js';

/**
 * Our FerretDB patches narrow queries in SQLite: by `_id` whatever else the filter holds
 * (scripts/ferretdb/pushdown-and-update-iterators.patch) and by indexed string and ObjectId fields
 * (secondary-index-pushdown.patch). These tests hold them to MongoDB's semantics, so they pass on
 * every rung; on FerretDB the query-plan tests also check that SQLite really seeks the index.
 */

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let coll: Collection;

const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');
const early = new Date('2026-01-01T00:00:00Z');
const late = new Date('2026-06-01T00:00:00Z');
const tricky = 'a<b>&"c\'\\ Đà Nẵng \u2028 ✓';

/** Each document is named by `n`; the comments say why it is there. */
const DOCS: Document[] = [
  { n: 'bulk-created-abc', lane: 'bulk', status: 'created', ref: 'abc', at: early },
  { n: 'bulk-sent-oid', lane: 'bulk', status: 'sent', ref: oid },
  { n: 'bulk-created-oid', lane: 'bulk', status: 'created', ref: oid, at: late },
  { n: 'fast-created-abc', lane: 'fast', status: 'created', ref: 'abc' },
  { n: 'numbers', lane: 1, status: 'created', ref: 1 },
  { n: 'nulls', lane: null, status: 'created', ref: null },
  { n: 'missing' },
  { n: 'nested', lane: { sub: 'bulk' }, status: 'created', ref: { x: 'abc' } },
  // multikey: {lane: 'bulk'} matches an array holding 'bulk'
  { n: 'lane-array', lane: ['bulk', 'fast'], status: 'created', ref: ['abc'] },
  { n: 'status-array', lane: 'bulk', status: ['created', 'sent'] },
  // a string that looks like the ObjectId must not match it, nor it the string
  { n: 'oid-as-string', lane: 'slow', status: 'sent', ref: oid.toHexString() },
  // JSON escaping must be the same on both sides of the SQL equality
  { n: 'tricky', lane: tricky, status: 'sent', ref: tricky },
];

const names = async (filter: Filter<Document>) => (await coll.find(filter).toArray()).map((d) => d.n as string).sort();
const idOf = async (n: string) => (await coll.findOne({ n }))!._id;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(async () => {
  await mongoose.connection.db!.dropCollection('pushdown_probe').catch(() => {});
  coll = mongoose.connection.db!.collection('pushdown_probe');
  await coll.createIndex({ lane: 1, status: 1 });
  await coll.createIndex({ ref: 1 });
  await coll.insertMany(DOCS.map((d) => ({ ...d })));
});

describe('equality on indexed fields', () => {
  test('when both keys of a compound index are given, then plain values and arrays holding them match, nothing else', async () => {
    expect(await names({ lane: 'bulk', status: 'created' })).toEqual([
      'bulk-created-abc',
      'bulk-created-oid',
      'lane-array',
      'status-array',
    ]);
  });

  test('when a single-field index is queried by string or ObjectId, then types are not mixed and nested documents do not match', async () => {
    expect(await names({ ref: 'abc' })).toEqual(['bulk-created-abc', 'fast-created-abc', 'lane-array']);
    expect(await names({ ref: oid })).toEqual(['bulk-created-oid', 'bulk-sent-oid']);
    expect(await names({ ref: oid.toHexString() })).toEqual(['oid-as-string']);
    expect(await names({ ref: tricky })).toEqual(['tricky']);
    expect(await names({ lane: tricky, status: 'sent' })).toEqual(['tricky']);
  });

  test('when only the second key of the compound index is given, then every document with that status matches', async () => {
    expect(await names({ status: 'sent' })).toEqual(['bulk-sent-oid', 'oid-as-string', 'status-array', 'tricky']);
  });

  test('when $in lists strings and ObjectIds, then each listed value matches, in arrays too', async () => {
    expect(await names({ ref: { $in: ['abc', oid] } })).toEqual([
      'bulk-created-abc',
      'bulk-created-oid',
      'bulk-sent-oid',
      'fast-created-abc',
      'lane-array',
    ]);
    expect(await names({ lane: { $in: ['fast', 'nowhere'] }, status: 'created' })).toEqual([
      'fast-created-abc',
      'lane-array',
    ]);
  });

  test('when the value is a number, null or a document, then MongoDB semantics hold (numbers across types, null matches missing)', async () => {
    expect(await names({ lane: 1 })).toEqual(['numbers']);
    expect(await names({ ref: 1.0 })).toEqual(['numbers']);
    expect(await names({ lane: null })).toEqual(['missing', 'nulls']);
    expect(await names({ lane: { sub: 'bulk' } })).toEqual(['nested']);
  });

  test('when equality is combined with a date range or an _id list, then all conditions apply', async () => {
    expect(await names({ lane: 'bulk', status: 'created', at: { $lte: early } })).toEqual(['bulk-created-abc']);
    const ids = [await idOf('bulk-created-abc'), await idOf('bulk-sent-oid'), await idOf('fast-created-abc')];
    expect(await names({ _id: { $in: ids }, status: 'created' })).toEqual(['bulk-created-abc', 'fast-created-abc']);
    expect(await names({ _id: { $in: ids }, lane: 'bulk', ref: 'abc' })).toEqual(['bulk-created-abc']);
  });
});

describe('writes through indexed filters', () => {
  test("when updateMany moves one lane's created documents on, then exactly those change", async () => {
    const res = await coll.updateMany({ lane: 'bulk', status: 'created' }, { $set: { status: 'queued' } });
    expect(res.modifiedCount).toBe(4);
    expect(await names({ status: 'queued' })).toEqual([
      'bulk-created-abc',
      'bulk-created-oid',
      'lane-array',
      'status-array',
    ]);
    expect(await names({ lane: 'bulk', status: 'created' })).toEqual([]);
  });

  test('when updateMany is given an _id list and a status, then only the listed documents in that status change', async () => {
    const ids = [await idOf('bulk-created-abc'), await idOf('bulk-sent-oid'), await idOf('numbers')];
    const res = await coll.updateMany({ _id: { $in: ids }, status: 'created' }, { $set: { status: 'sending' } });
    expect(res.modifiedCount).toBe(2);
    expect(await names({ status: 'sending' })).toEqual(['bulk-created-abc', 'numbers']);
  });

  test('when workers claim with findOneAndUpdate on lane and status, then each matching document is claimed once, then none', async () => {
    const claimed: string[] = [];
    for (;;) {
      const doc = await coll.findOneAndUpdate({ lane: 'fast', status: 'created' }, { $set: { status: 'sending' } });
      if (!doc) break;
      claimed.push(doc.n as string);
      expect(claimed.length).toBeLessThan(10);
    }
    expect(claimed.sort()).toEqual(['fast-created-abc', 'lane-array']);
    const id = await idOf('bulk-sent-oid');
    expect((await coll.findOneAndUpdate({ _id: id, status: 'sent' }, { $set: { status: 'done' } }))?.n).toBe(
      'bulk-sent-oid',
    );
    expect(await coll.findOneAndUpdate({ _id: id, status: 'sent' }, { $set: { status: 'done' } })).toBeNull();
  });

  test('when deleteMany is given a $in of a string and an ObjectId, then exactly the matches are deleted', async () => {
    const res = await coll.deleteMany({ ref: { $in: ['abc', oid] } });
    expect(res.deletedCount).toBe(5);
    expect(await coll.countDocuments()).toBe(DOCS.length - 5);
    expect(await names({ ref: { $exists: true } })).toEqual(['nested', 'nulls', 'numbers', 'oid-as-string', 'tricky']);
  });
});

describe('the query plan', () => {
  // the embedded CongoDB has neither indexes for queries nor `explain`
  test('when the database uses secondary indexes, then a lane-and-status query seeks the compound index', async () => {
    if (rt.database.kind === 'embedded') return;
    const plan = JSON.stringify(await coll.find({ lane: 'bulk', status: 'created' }).explain());
    if (rt.database.kind === 'ferretdb') {
      expect(plan).toMatch(/USING INDEX \S*lane_1_status_1 \(<expr>=\? AND <expr>=\?\)/);
      // Go still filters every row the index returns
      expect(plan).toContain('"filterPushdown":false');
    } else {
      expect(plan).toContain('IXSCAN');
    }
  });

  test('when a claim filters by _id and status, or by an _id list and status, then the _id index is sought', async () => {
    if (rt.database.kind === 'embedded') return;
    const ids = [await idOf('bulk-created-abc'), await idOf('fast-created-abc')];
    for (const filter of [
      { _id: ids[0] },
      { _id: ids[0], status: 'created' },
      { _id: { $in: ids }, status: 'created' },
    ]) {
      const plan = JSON.stringify(await coll.find(filter).explain());
      if (rt.database.kind === 'ferretdb') expect(plan).toMatch(/USING INDEX \S*__id_ \(<expr>=\?\)/);
      else expect(plan).toMatch(/IDHACK|EXPRESS_IXSCAN|IXSCAN/);
    }
  });
});
