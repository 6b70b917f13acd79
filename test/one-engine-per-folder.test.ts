import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from './support/notify.js';

/**
 * `npm start`, `npm run worker` and the CLI on one data folder, as an officer runs them: two
 * engines on one set of SQLite files would break the atomicity the conditional updates rely on, so
 * the worker and the CLI must use the engine the service started, and leave it running.
 */

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-one-engine-'));
const lock = path.join(dataDir, 'db', 'engine.lock');
const raceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-one-engine-race-'));
// The run's test database is not used: each process resolves the local database of DATA_DIR.
const { MONGODB_URI: _uri, MONGODB_KIND: _kind, ...inherited } = process.env;
const env = {
  ...inherited,
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  PORT: '0',
  DEMO_DATA: 'on',
  DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
  JOBS_PROCESS_EVERY_MS: '200',
  NOTIFY_QUIET_HOURS: 'off',
};
const running: { child: ChildProcess; exited: Promise<number | null> }[] = [];
afterAll(async () => {
  // SIGTERM, not SIGKILL: a process left running by a failed assertion then stops its engine too.
  const left = running.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  for (const { child } of left) child.kill('SIGTERM');
  await Promise.all(left.map(({ exited }) => exited));
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(raceDir, { recursive: true, force: true });
}, 30000);

function start(script: string, extra: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  running.push({ child, exited });
  return { child, exited, output: () => out };
}

/** Engine processes (FerretDB, mongod) whose arguments name this data folder. */
function engines(dir = dataDir): string[] {
  const ps = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(`${dir}/`) && !/\bnode\b/.test(l));
}

test('when the CLI and a worker run beside the service, then they use its engine, and leave it and its lock in place', async () => {
  const service = start('scripts/start.ts', { LOG_LEVEL: 'info' });
  const port = Number(
    /"port":(\d+)/.exec(
      await waitUntil(service.output, (o) => /"port":\d+/.test(o), 40000, 'the service to listen'),
    )![1],
  );
  const pid = service.child.pid!;
  const kind = /"database":"([\w-]+)"/.exec(service.output())![1];
  const enginesAtStart = engines().length;
  // FerretDB and mongod run as processes of their own; the embedded database inside the service.
  expect(enginesAtStart).toBe(kind === 'embedded' ? 0 : 1);
  expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ pid });

  const worker = start('scripts/worker.ts', { LOG_LEVEL: 'info' });
  await waitUntil(worker.output, (o) => o.includes('worker running'), 40000, 'the worker to start');
  // A single-use web link for a demonstration record: reads the register, writes the link.
  const cli = start('scripts/cli.ts', { LOG_LEVEL: 'debug' }, ['links', 'web', '001140100000']);
  expect(await cli.exited).toBe(0);

  expect(worker.output()).toContain(`(started by process ${pid})`);
  expect(cli.output()).toContain(`(started by process ${pid})`);
  expect(engines()).toHaveLength(enginesAtStart);

  worker.child.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ pid });
  expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  expect(engines()).toHaveLength(enginesAtStart);

  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
  expect(engines()).toEqual([]);
  expect(fs.existsSync(lock)).toBe(false);
}, 120000);

test('when two workers start at the same moment on a new data folder, then one starts the engine and the other uses it', async () => {
  const workers = [0, 1].map(() => start('scripts/worker.ts', { LOG_LEVEL: 'info', DATA_DIR: raceDir }));
  for (const w of workers) await waitUntil(w.output, (o) => o.includes('worker running'), 40000, 'a worker to start');
  const joiners = workers.filter((w, i) => w.output().includes(`(started by process ${workers[1 - i]!.child.pid})`));
  expect(joiners).toHaveLength(1);
  const owner = workers.find((w) => !joiners.includes(w))!;
  const kind = /"database":"([\w-]+)"/.exec(owner.output())![1];
  expect(engines(raceDir)).toHaveLength(kind === 'embedded' ? 0 : 1);

  joiners[0]!.child.kill('SIGTERM');
  expect(await joiners[0]!.exited).toBe(0);
  expect(fs.existsSync(path.join(raceDir, 'db', 'engine.lock'))).toBe(true);
  owner.child.kill('SIGTERM');
  expect(await owner.exited).toBe(0);
  expect(engines(raceDir)).toEqual([]);
  expect(fs.existsSync(path.join(raceDir, 'db', 'engine.lock'))).toBe(false);
}, 120000);
