import mongoose, { type IndexOptions } from 'mongoose';
import { setSortsFromIndexes } from './index-order.js';

/** Index option: build this index on FerretDB too, where our patch filters through it. */
export const PUSHDOWN = { pushdown: true } as unknown as IndexOptions;

/**
 * Connects the process-wide mongoose connection and builds the models' indexes. Engines that
 * do not filter through secondary indexes (FerretDB v1, the embedded CongoDB) get only the unique
 * ones plus those a schema marks `pushdown: true` (our FerretDB patch answers equality filters on
 * them from the index); the others would cost on every write and speed up nothing.
 * `pollMonitoring` makes the driver check the server with plain `hello` calls instead of its
 * streaming protocol, for servers that do not implement that protocol.
 */
export async function connectMongoose(
  uri: string,
  dbName: string,
  opts: { queryIndexes: boolean; pushdownIndexes?: boolean; pollMonitoring?: boolean },
): Promise<void> {
  await mongoose.connect(uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 10000,
    maxPoolSize: 50,
    ...(opts.pollMonitoring ? { serverMonitoringMode: 'poll' as const } : {}),
  });
  setSortsFromIndexes(!opts.pushdownIndexes);
  for (const model of Object.values(mongoose.models)) {
    for (const [fields, options] of model.schema.indexes()) {
      const { pushdown, ...rest } = (options ?? {}) as Record<string, unknown> & {
        pushdown?: boolean;
        unique?: boolean;
      };
      if (opts.queryIndexes || rest.unique || (pushdown && opts.pushdownIndexes)) {
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
