import { resolveDatabase } from '../models/db/resolve.js';
import { createLogger } from '../services/log.js';

const base = { mongodbKind: 'mongodb' as const, root: process.cwd(), dataDir: null, ferretdbBin: '/nonexistent/ferretdb' };

describe('choosing the database', () => {
  test('when MONGODB_URI is set, then it is used as given, without starting anything', async () => {
    const db = await resolveDatabase({ ...base, engine: 'auto', mongodbUri: 'mongodb://db.example:27017/?replicaSet=rs0' }, createLogger('silent'));
    expect(db).toMatchObject({ kind: 'mongodb', uri: 'mongodb://db.example:27017/?replicaSet=rs0' });
  });

  test('when neither a mongod nor FerretDB is on the machine, then the embedded database is chosen at once', async () => {
    const started = Date.now();
    const db = await resolveDatabase({ ...base, engine: 'auto', mongodSystemBinary: '/nonexistent/mongod' }, createLogger('silent'));
    try {
      expect(db.kind).toBe('embedded');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await db.stop();
    }
  });

  test('when a rung is demanded that this machine lacks, then starting fails and says so', async () => {
    await expect(resolveDatabase({ ...base, engine: 'ferretdb' }, createLogger('silent'))).rejects.toThrow(/DATABASE_ENGINE=ferretdb is not available/);
  });
});
