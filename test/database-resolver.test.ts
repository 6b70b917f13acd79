import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
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

describe('one engine per data folder', () => {
  const silent = createLogger('silent');
  const embedded = (dataDir: string) => ({ ...base, engine: 'embedded' as const, dataDir });
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lock = () => path.join(dir, 'engine.lock');

  test('when two resolvers start on one folder at the same moment, then one starts the engine, the other uses it, and only the starter removes the lock', async () => {
    const [a, b] = await Promise.all([resolveDatabase(embedded(dir), silent), resolveDatabase(embedded(dir), silent)]);
    const [owner, joiner] = /started by process/.test(a.description) ? [b, a] : [a, b];
    expect(joiner.description).toContain(`started by process ${process.pid}`);
    expect(owner.description).not.toContain('started by process');
    expect(joiner.uri).toBe(owner.uri);

    await joiner.stop();
    expect(JSON.parse(fs.readFileSync(lock(), 'utf8'))).toMatchObject({ pid: process.pid, engine: { uri: owner.uri } });
    await owner.stop();
    expect(fs.existsSync(lock())).toBe(false);
  });

  test('when the lock was left by a process that no longer runs, then a new engine is started in its place', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(
      lock(),
      JSON.stringify({
        pid: gone,
        token: 'old',
        engine: { kind: 'ferretdb', uri: 'mongodb://127.0.0.1:9/', description: 'x' },
      }),
    );
    const db = await resolveDatabase(embedded(dir), silent);
    try {
      expect(db.description).not.toContain('started by process');
      expect(JSON.parse(fs.readFileSync(lock(), 'utf8'))).toMatchObject({ pid: process.pid, engine: { uri: db.uri } });
    } finally {
      await db.stop();
    }
  });

  test('when a live engine listens on a percent-encoded socket path among several hosts, then it is used, and its lock is left alone on stop', async () => {
    const socket = path.join(dir, 'engine.sock');
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(socket, r));
    const engine = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      const uri = `mongodb://127.0.0.1:9,${encodeURIComponent(socket)}/?directConnection=false`;
      const note = JSON.stringify({
        pid: engine.pid,
        token: 'theirs',
        engine: { kind: 'ferretdb', uri, description: 'theirs' },
      });
      fs.writeFileSync(lock(), note);
      const db = await resolveDatabase(embedded(dir), silent);
      expect(db).toMatchObject({ kind: 'ferretdb', uri, description: `theirs (started by process ${engine.pid})` });
      await db.stop();
      expect(fs.readFileSync(lock(), 'utf8')).toBe(note);
    } finally {
      engine.kill();
      server.close();
    }
  });

  test('when the lock names a live process whose engine does not answer, then starting waits for it rather than start a second engine', async () => {
    const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      fs.writeFileSync(lock(), JSON.stringify({ pid: owner.pid, token: 'starting' }));
      const pending = resolveDatabase(embedded(dir), silent);
      // The owner writes its engine's address once started: then the waiter joins it.
      const server = net.createServer((s) => s.destroy());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const uri = `mongodb://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
      fs.writeFileSync(
        lock(),
        JSON.stringify({ pid: owner.pid, token: 'starting', engine: { kind: 'ferretdb', uri, description: 'late' } }),
      );
      expect(await pending).toMatchObject({ uri, description: `late (started by process ${owner.pid})` });
      server.close();
    } finally {
      owner.kill();
    }
  });
});
