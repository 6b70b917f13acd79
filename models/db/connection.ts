import mongoose from 'mongoose';

/**
 * Connects the process-wide mongoose connection and builds the models' indexes. Engines that
 * never use a secondary index for queries (FerretDB v1, the embedded CongoDB) get only the unique
 * ones: the others would cost on every write and speed up nothing.
 */
export async function connectMongoose(uri: string, dbName: string, opts: { queryIndexes: boolean }): Promise<void> {
  await mongoose.connect(uri, { dbName, autoIndex: false, serverSelectionTimeoutMS: 10000, maxPoolSize: 50 });
  for (const model of Object.values(mongoose.models)) {
    if (opts.queryIndexes) {
      await model.createIndexes();
      continue;
    }
    for (const [fields, options] of model.schema.indexes()) {
      if (options?.unique) await model.collection.createIndex(fields as Record<string, 1 | -1>, options as Record<string, unknown>);
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
