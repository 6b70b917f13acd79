import { resolveDatabase } from '../models/db/resolve.js';
import { createLogger } from '../services/log.js';

const base = {
  mongodbKind: 'mongodb' as const,
  root: process.cwd(),
  dataDir: null,
  ferretdbBin: '/nonexistent/ferretdb',
};

describe('choosing the database', () => {
  test('when MONGODB_URI is set, then it is used as given, without starting anything', async () => {
    const db = await resolveDatabase(
      { ...base, engine: 'auto', mongodbUri: 'mongodb://db.example:27017/?replicaSet=rs0' },
      createLogger('silent'),
    );
    expect(db).toMatchObject({ kind: 'mongodb', uri: 'mongodb://db.example:27017/?replicaSet=rs0' });
  });

  test('when neither a mongod nor FerretDB is on the machine, then the embedded database is chosen at once (no download attempt)', async () => {
    // Timed up to the moment the embedded rung is chosen (its warning), not its start-up, which a loaded machine slows.
    const started = Date.now();
    const lines: { msg: string; at: number }[] = [];
    const capture = createLogger('debug', {
      write: (line: string) => {
        lines.push({ msg: (JSON.parse(line) as { msg: string }).msg, at: Date.now() });
      },
    });
    const db = await resolveDatabase({ ...base, engine: 'auto', mongodSystemBinary: '/nonexistent/mongod' }, capture);
    try {
      expect(db.kind).toBe('embedded');
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('no mongod binary'),
          expect.stringContaining('FerretDB binary not found'),
        ]),
      );
      const chosen = lines.find((l) => /embedded/i.test(l.msg))!;
      expect(chosen.at - started).toBeLessThan(1000);
    } finally {
      await db.stop();
    }
  });

  test('when a rung is demanded that this machine lacks, then starting fails and says so', async () => {
    await expect(resolveDatabase({ ...base, engine: 'ferretdb' }, createLogger('silent'))).rejects.toThrow(
      /DATABASE_ENGINE=ferretdb is not available/,
    );
  });
});
