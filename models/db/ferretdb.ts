import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv } from '../../services/config.js';
import type { RunningDatabase } from './kinds.js';
import { freePort, waitForPort } from './free-port.js';

/**
 * Starts FerretDB v1 on SQLite in `dir` (kept between runs). Telemetry is always disabled:
 * nothing may leave the machine.
 */
export async function startFerretDb(bin: string, dir: string): Promise<RunningDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  // Clients connect through a Unix socket in the data folder when its path fits (sockaddr_un holds
  // 107 bytes): each command then skips the kernel's TCP loopback path (measured: about 7 % less
  // FerretDB CPU per /status update). The TCP port stays open for tools such as mongosh.
  const socket = path.join(dir, 'ferretdb.sock');
  const viaSocket = Buffer.byteLength(socket) <= 100;
  if (viaSocket) fs.rmSync(socket, { force: true }); // left by a FerretDB that did not exit cleanly
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      // WAL with synchronous=NORMAL: an application crash loses nothing; only a power cut may lose
      // the last transactions. Production runs on MongoDB; this is the local and test rung.
      // Checkpoints every 20,000 pages (80 MB of WAL) instead of 1,000: an import rewrites the same
      // index pages batch after batch, and each checkpoint copied them again (measured: a 100,000-row
      // import about a tenth faster).
      // Statement journals (a multi-row INSERT inside a transaction keeps one) stay in memory instead
      // of temporary files: a fifth of FerretDB's file writes during an import went there.
      `--sqlite-url=file:${dir}/?_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(20000)&_pragma=temp_store(MEMORY)`,
      `--listen-addr=127.0.0.1:${port}`,
      ...(viaSocket ? [`--listen-unix=${socket}`] : []),
      '--debug-addr=-',
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--log-level=warn',
      // Documents per SQLite INSERT statement (default 100; each insert command is one transaction
      // whatever this is): imports insert 4,000 at a time, and one statement for them all costs
      // less than four (measured: about 6 % less FerretDB CPU per import than 1,000).
      '--test-batch-size=4000',
    ],
    // FerretDB spends about a fifth of its CPU in Go's garbage collector at the default GOGC=100;
    // 400 trades some tens of MB for less of it (measured: /status p95 about 50 ms lower).
    { stdio: ['ignore', 'ignore', 'pipe'], env: childEnv({ GOGC: '400' }) },
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
    if (viaSocket) await waitForPort(socket, 5000, () => !exited); // listened on just after the port
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    kind: 'ferretdb',
    uri: viaSocket ? `mongodb://${encodeURIComponent(socket)}/` : `mongodb://127.0.0.1:${port}/`,
    description: `FerretDB v1 on SQLite in ${dir}`,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
