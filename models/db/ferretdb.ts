import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { RunningDatabase } from './kinds.js';
import { freePort, waitForPort } from './free-port.js';

/**
 * Starts FerretDB v1 on SQLite in `dir` (kept between runs), on a free loopback port, or on `port`
 * (a restart that clients already connected must find again). Only one may run per folder (see
 * shared-endpoint.ts): two engines on one SQLite file break the atomicity the conditional updates rely on.
 */
export async function startFerretDb(bin: string, dir: string, opts: { port?: number } = {}): Promise<RunningDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      // FerretDB opens SQLite in WAL mode; NORMAL is SQLite's recommended durability for WAL (never
      // corrupt; a power cut may lose the last commits) where its default, FULL, waits for the disk
      // on every commit, e.g. once per stored notice outcome. Production runs MongoDB.
      `--sqlite-url=file:${dir}/?_pragma=synchronous(NORMAL)`,
      `--listen-addr=127.0.0.1:${port}`,
      // No debug HTTP listener: it would take a fixed port that a second engine (tests) cannot get.
      '--debug-addr=-',
      `--state-dir=${dir}`,
      // Nothing may leave the machine.
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-2000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    await waitForPort(port, 15000, () => !exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    kind: 'ferretdb',
    uri: `mongodb://127.0.0.1:${port}/`,
    description: `FerretDB v1 on SQLite in ${dir}`,
    pid: child.pid,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
