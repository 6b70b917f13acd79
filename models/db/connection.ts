import mongoose, { type IndexOptions } from 'mongoose';
import { setSortsFromIndexes } from './index-order.js';
import type { DatabaseKind, RunningDatabase } from './kinds.js';

/** Index option: build this index on FerretDB too, where our patch filters through it. */
export const PUSHDOWN = { pushdown: true } as unknown as IndexOptions;

/** What each engine can do, so the rest of the code stays shaped for MongoDB. */
function engineTraits(kind: DatabaseKind) {
  return {
    // FerretDB v1 and the embedded CongoDB filter through `_id` only; other indexes would cost on
    // every write and speed up nothing, except those our FerretDB patch answers from (`PUSHDOWN`).
    queryIndexes: kind === 'mongodb' || kind === 'mongodb-memory-server',
    pushdownIndexes: kind === 'ferretdb',
    // FerretDB's index scans come back in index order but it sorts in memory (models/db/index-order.ts).
    sortsFromIndexes: kind !== 'ferretdb',
    // CongoDB ends the driver's streaming `hello` after one answer; under load the driver then took
    // the server for lost and failed every operation in flight. Plain `hello` polling works.
    pollMonitoring: kind === 'embedded',
  };
}

/** Connects the process-wide mongoose connection to `database` and builds the indexes its engine uses. */
export async function connectMongoose(database: Pick<RunningDatabase, 'kind' | 'uri'>, dbName: string): Promise<void> {
  const traits = engineTraits(database.kind);
  await mongoose.connect(database.uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 10000,
    maxPoolSize: 50,
    ...(traits.pollMonitoring ? { serverMonitoringMode: 'poll' as const } : {}),
  });
  setSortsFromIndexes(traits.sortsFromIndexes);
  for (const model of Object.values(mongoose.models)) {
    for (const [fields, options] of model.schema.indexes()) {
      const { pushdown, ...rest } = (options ?? {}) as Record<string, unknown> & {
        pushdown?: boolean;
        unique?: boolean;
      };
      if (traits.queryIndexes || rest.unique || (pushdown && traits.pushdownIndexes)) {
        await model.collection.createIndex(fields as Record<string, 1 | -1>, rest);
      }
    }
  }
}

/** Closes the connection; safe to call twice. */
export async function disconnectMongoose(): Promise<void> {
  await mongoose.disconnect();
}

/** True when the database answers a ping now. */
export async function pingDatabase(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/** The raw driver handle Agenda's Mongo backend needs. */
export function nativeDb() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  return db;
}
