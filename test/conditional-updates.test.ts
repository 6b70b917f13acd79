import mongoose from 'mongoose';
import { MongoClient, type Collection, type Document, type ObjectId } from 'mongodb';
import { startTestRuntime } from './support/runtime.js';

/**
 * Every claim in the product is a conditional update ({_id, status: 'created'} → 'sending'), so it
 * must be an atomic compare-and-set across connections, as on MongoDB. On FerretDB that holds only
 * with our patch (scripts/ferretdb/serialize-read-modify-write.patch, one lock per collection).
 */

const DOCS = 300;
const CLIENTS = 6;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const clients: MongoClient[] = [];

beforeAll(async () => {
  rt = await startTestRuntime();
  for (let i = 0; i < CLIENTS; i++) clients.push(await new MongoClient(rt.database.uri, { maxPoolSize: 4 }).connect());
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await rt.stop();
});

const collectionOf = (client: MongoClient, name: string): Collection<Document> =>
  client.db(rt.config.DATABASE_NAME).collection(name);

async function seed(name: string): Promise<ObjectId[]> {
  const coll = mongoose.connection.db!.collection(name);
  await coll.deleteMany({});
  const { insertedIds } = await coll.insertMany(Array.from({ length: DOCS }, (_, i) => ({ i, status: 'created' })));
  return Object.values(insertedIds) as ObjectId[];
}

describe('conditional updates across connections', () => {
  test('when several clients race to claim the same documents one by one and in batches, while another collection is updated too, then each document is won exactly once', async () => {
    const ids = await seed('race_claims');
    const other = await seed('race_other');
    const wins = await Promise.all(
      clients.map(async (client, w) => {
        const coll = collectionOf(client, 'race_claims');
        // Each client walks the ids from a different starting point, half of them in batches of 10.
        const order = ids.map((_, i) => ids[(i + w * 37) % ids.length]!);
        let won = 0;
        for (let i = 0; i < order.length; i += 10) {
          const chunk = order.slice(i, i + 10);
          if (w % 2) {
            won += (
              await coll.updateMany(
                { _id: { $in: chunk }, status: 'created' },
                { $set: { status: 'sending', owner: w } },
              )
            ).modifiedCount;
          } else {
            for (const id of chunk)
              won += (await coll.updateOne({ _id: id, status: 'created' }, { $set: { status: 'sending', owner: w } }))
                .modifiedCount;
          }
          // Writes to another collection at the same time must not weaken the claims above.
          await collectionOf(client, 'race_other').updateOne(
            { _id: other[(i + w) % other.length]!, status: 'created' },
            { $set: { status: 'touched' } },
          );
        }
        return won;
      }),
    );
    expect(wins.reduce((a, b) => a + b, 0)).toBe(DOCS);
    const docs = await mongoose.connection.db!.collection('race_claims').find({}).toArray();
    expect(docs.every((d) => d.status === 'sending' && typeof d.owner === 'number')).toBe(true);
    // The owner recorded on each document is the client that counted it as won.
    const byOwner = new Map<number, number>();
    for (const d of docs) byOwner.set(d.owner as number, (byOwner.get(d.owner as number) ?? 0) + 1);
    expect(clients.map((_, w) => byOwner.get(w) ?? 0)).toEqual(wins);
  }, 60_000);
});
