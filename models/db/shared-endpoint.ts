import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { DatabaseKind, RunningDatabase } from './kinds.js';

/**
 * Exactly one engine per data folder: the first of our processes (service, worker, CLI) to create
 * the lock file starts the engine and writes its address there; the others use that engine. Two
 * engines on one SQLite file would break the atomicity the conditional updates rely on.
 *
 * The lock is created with `wx` (exclusive). A lock is stale, and is removed, when neither its owner
 * nor its engine is alive, or when its engine no longer accepts connections (a port taken by
 * something else later is not ours: the owner or engine process must still live). Every change to
 * an existing lock (the address, a stale removal, the release) happens under a second `wx` file and
 * only if the lock still holds what was read, so no process removes a lock that is not its own.
 */

/** The lock's content: its owner, and once started, the engine (`pid` when it is a process of its own). */
type Note = {
  pid: number;
  token: string;
  engine?: { kind: DatabaseKind; uri: string; description: string; pid?: number };
};

const FILE = 'engine.lock';
/** The engine a process may take to start (mongod, FerretDB: seconds; 15 s at most in ferretdb.ts). */
const START_WAIT_MS = 60_000;
/** A guard file is held only during synchronous file operations; one this old was left by a crash. */
const GUARD_STALE_MS = 5_000;
const POLL_MS = 100;
const pause = () => new Promise((r) => setTimeout(r, POLL_MS));

/** Tokens of the locks this process holds (a lock with our pid and another token is a dead predecessor's). */
const held = new Set<string>();

/** Starts the folder's engine with `start`, or joins the one another process started there. */
export async function startOrJoin(
  dataDir: string,
  start: () => Promise<RunningDatabase>,
): Promise<{ database: RunningDatabase; joined: boolean }> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  const deadline = Date.now() + START_WAIT_MS;
  for (;;) {
    const token = crypto.randomUUID();
    if (create(file, { pid: process.pid, token })) return { database: await own(file, token, start), joined: false };
    const text = read(file);
    if (text === null) continue; // released meanwhile
    const note = parse(text);
    const state = await judge(note, file);
    if (state === 'running') return { database: joined(note!), joined: true };
    if (state === 'stale') {
      if (guarded(file, () => read(file) === text && remove(file))) continue;
    } else if (Date.now() > deadline) {
      throw new Error(
        `process ${note?.pid ?? '?'} holds ${file} but its database has not answered for ${START_WAIT_MS / 1000} s; ` +
          'if no process of this service runs on this folder, delete that file',
      );
    }
    await pause();
  }
}

async function own(file: string, token: string, start: () => Promise<RunningDatabase>): Promise<RunningDatabase> {
  held.add(token);
  const release = async () => {
    while (guarded(file, () => parse(read(file))?.token === token && remove(file)) === undefined) {
      await pause();
    }
    held.delete(token);
  };
  let db: RunningDatabase;
  try {
    db = await start();
  } catch (err) {
    await release();
    throw err;
  }
  const engine = { kind: db.kind, uri: db.uri, description: db.description, pid: db.pid };
  while (
    guarded(file, () => parse(read(file))?.token === token && replace(file, { pid: process.pid, token, engine })) ===
    undefined
  ) {
    await pause();
  }
  return {
    ...db,
    // The engine stops before the lock goes: another process may start one only on closed files.
    async stop() {
      await db.stop();
      await release();
    },
  };
}

function joined(note: Note): RunningDatabase {
  const { kind, uri, description } = note.engine!;
  return { kind, uri, description: `${description} (started by process ${note.pid})`, stop: async () => {} };
}

async function judge(note: Note | null, file: string): Promise<'running' | 'starting' | 'stale'> {
  // Between `wx` and the write an owner's lock is empty for an instant; an old unreadable one is debris.
  if (!note) return ageMs(file) < GUARD_STALE_MS ? 'starting' : 'stale';
  const owner = note.pid === process.pid ? held.has(note.token) : alive(note.pid);
  const engine = note.engine?.pid !== undefined && alive(note.engine.pid);
  if (note.engine && (owner || engine) && (await answers(note.engine.uri))) return 'running';
  // Starting, or an engine process that lives but does not accept connections yet.
  if (owner && (!note.engine || engine)) return 'starting';
  return 'stale';
}

function create(file: string, note: Note): boolean {
  try {
    fs.writeFileSync(file, JSON.stringify(note), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function remove(file: string): true {
  fs.rmSync(file, { force: true });
  return true;
}

/** Readers see the old note or the new one, never half of one. */
function replace(file: string, note: Note): true {
  const tmp = `${file}.${note.token}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(note));
  fs.renameSync(tmp, file);
  return true;
}

/** Runs `fn` while holding the guard file; undefined when another process holds it (try again). */
function guarded<T>(file: string, fn: () => T): T | undefined {
  const guard = `${file}.guard`;
  try {
    fs.writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (ageMs(guard) > GUARD_STALE_MS) fs.rmSync(guard, { force: true });
    return undefined;
  }
  try {
    return fn();
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function parse(text: string | null): Note | null {
  try {
    const n = JSON.parse(text ?? '') as Note;
    return typeof n.pid === 'number' && typeof n.token === 'string' ? n : null;
  } catch {
    return null;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/** Whether any host of the URI accepts a connection: host:port, percent-encoded socket paths, several hosts. */
async function answers(uri: string): Promise<boolean> {
  let hosts: MongoClient['options']['hosts'];
  try {
    hosts = new MongoClient(uri).options.hosts; // the driver's own parser; it connects only on connect()
  } catch {
    return false;
  }
  const results = await Promise.all(
    hosts.map(
      (h) =>
        new Promise<boolean>((resolve) => {
          const s = h.socketPath ? net.connect(h.socketPath) : net.connect(h.port ?? 27017, h.host ?? '127.0.0.1');
          s.setTimeout(1000, () => {
            s.destroy();
            resolve(false);
          });
          s.once('connect', () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', () => resolve(false));
        }),
    ),
  );
  return results.some(Boolean);
}
