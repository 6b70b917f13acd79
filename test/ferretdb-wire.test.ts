import mongoose from 'mongoose';
import { Binary, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp, type Document } from 'mongodb';
import { startTestRuntime } from './support/runtime.js';

/**
 * Our FerretDB patch scripts/ferretdb/wire/fast-nan-check.patch skips FerretDB's full decode of
 * each message when a byte scanner finds it well formed and free of NaN. These tests hold the
 * patched FerretDB to what it did before: every value type still goes in and comes back, and a
 * NaN, even deep in an array, is still refused (FerretDB v1 does not store NaN; MongoDB does).
 */

let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt.stop();
});

const probe = () => mongoose.connection.db!.collection('wire_probe');

test('when a document holds every value type the service can send, then it is stored and read back unchanged', async () => {
  const doc: Document = {
    _id: new ObjectId('65a1b2c3d4e5f60718293a4c'),
    text: 'Nguyễn Thị Ánh — Đà Nẵng ✓',
    empty: '',
    double: new Double(1.5),
    negativeZero: 0,
    int32: new Int32(-42),
    int64: Long.fromString('9007199254740993'),
    yes: true,
    no: false,
    nothing: null,
    when: new Date('2026-11-23T09:45:00.123Z'),
    stamp: new Timestamp({ t: 1_700_000_000, i: 7 }),
    pattern: new BSONRegExp('^0[0-9]{9}$', 'i'),
    bytes: new Binary(Buffer.from([0, 1, 2, 255])),
    nested: { deeper: { list: ['a', 1, { b: [true, null] }] } },
    list: [new ObjectId('65a1b2c3d4e5f60718293a4d'), 'x', 3],
  };
  await probe().insertOne(doc);
  const back = await probe().findOne({ _id: doc._id }, { promoteLongs: false, promoteValues: false, bsonRegExp: true });
  expect(back).not.toBeNull();
  expect(String(back!.text)).toBe(doc.text);
  expect((back!.int64 as Long).toString()).toBe('9007199254740993');
  expect(Number(back!.double)).toBe(1.5);
  expect(Number(back!.int32)).toBe(-42);
  expect(back!.when).toEqual(doc.when);
  expect((back!.stamp as Timestamp).equals(doc.stamp as Timestamp)).toBe(true);
  expect((back!.pattern as BSONRegExp).pattern).toBe('^0[0-9]{9}$');
  expect((back!.pattern as BSONRegExp).options).toBe('i');
  expect(Buffer.from((back!.bytes as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
  expect(back!.nested).toEqual({ deeper: { list: ['a', new Int32(1), { b: [true, null] }] } });
  expect(String((back!.list as unknown[])[0])).toBe('65a1b2c3d4e5f60718293a4d');
});

test('when a document holds a NaN, then FerretDB refuses it as before and stores nothing; the other engines store it', async () => {
  const insert = probe().insertOne({
    _id: new ObjectId('65a1b2c3d4e5f60718293a4e'),
    nested: { list: [1, Number.NaN] },
  });
  if (rt.database.kind === 'ferretdb') {
    // FerretDB v1 treats a NaN in a message as a protocol error and closes the connection; the
    // driver opens a new one for the next command.
    await expect(insert).rejects.toThrow(/closed/);
    expect(await probe().countDocuments({ _id: new ObjectId('65a1b2c3d4e5f60718293a4e') })).toBe(0);
  } else {
    await insert;
    const back = await probe().findOne({ _id: new ObjectId('65a1b2c3d4e5f60718293a4e') });
    expect(Number.isNaN((back!.nested as { list: number[] }).list[1])).toBe(true);
  }
});
