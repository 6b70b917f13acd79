import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { DatabaseKind, RunningDatabase } from './kinds.js';

type Endpoint = { pid: number; kind: DatabaseKind; uri: string; description: string };

const FILE = 'endpoint.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function answers(uri: string): Promise<boolean> {
  const m = /:\/\/([^:/]+):(\d+)/.exec(uri);
  if (!m) return Promise.resolve(false);
  return new Promise((resolve) => {
    const s = net.connect(Number(m[2]), m[1]);
    s.setTimeout(500, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * A local database already started by another of our processes on the same data folder (the
 * CLI while `npm start` runs): two engines must never open the same files at once.
 */
export async function findSharedEndpoint(dataDir: string): Promise<RunningDatabase | null> {
  const file = path.join(dataDir, FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const e = JSON.parse(fs.readFileSync(file, 'utf8')) as Endpoint;
    if (e.pid !== process.pid && alive(e.pid) && (await answers(e.uri))) {
      return {
        kind: e.kind,
        uri: e.uri,
        description: `${e.description} (started by process ${e.pid})`,
        stop: async () => {},
      };
    }
  } catch {
    // A torn or stale file: start our own below.
  }
  return null;
}

/** Publishes the database this process started, and removes the note when it stops. */
export function publishEndpoint(dataDir: string, db: RunningDatabase): RunningDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, kind: db.kind, uri: db.uri, description: db.description }));
  return {
    ...db,
    stop: async () => {
      await db.stop();
      fs.rmSync(file, { force: true });
    },
  };
}
