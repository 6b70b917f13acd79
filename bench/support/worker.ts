import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './config.js';
import { difference, type CommandCounts } from './commands.js';

export type WorkerRequest = { type: 'measure' };
export type WorkerMessage = {
  type: 'measured';
  commands: CommandCounts;
  cpuMs: number;
  systemMs: number;
  maxRssMb: number;
};
/**
 * A worker's database commands and CPU (all of it, and the part spent in the kernel) over some
 * stretch of its life, and its peak resident memory since it started.
 */
export type WorkerUsage = { commands: CommandCounts; cpuMs: number; systemMs: number; maxRssMb: number };

const ENTRY = path.join(ROOT, 'bench', 'support', 'worker-entry.ts');

/** One `npm run worker` process (bench/support/worker-entry.ts) that reports its own commands and CPU. */
export class CountedWorker {
  private output = '';
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts the worker with `env` as its whole environment (plus PATH); BENCH_WORKER_PROFILE=<dir> writes its CPU profile there. */
  static start(env: Record<string, string>): CountedWorker {
    const profile = process.env.BENCH_WORKER_PROFILE;
    const child = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [])],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', NOTIFY_QUIET_HOURS: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new CountedWorker(child);
  }

  /** Its commands and CPU since it started. */
  measure(): Promise<WorkerUsage> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the worker exited:\n${this.output.slice(-2000)}`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: WorkerMessage) => {
        this.child.off('exit', onExit);
        resolve({ commands: m.commands, cpuMs: m.cpuMs, systemMs: m.systemMs, maxRssMb: m.maxRssMb });
      });
      this.child.send({ type: 'measure' } satisfies WorkerRequest);
    });
  }

  /** What it logged (the last part, for an error message). */
  log(): string {
    return this.output.slice(-3000);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Usage between two measurements. */
export const usageBetween = (before: WorkerUsage, after: WorkerUsage): WorkerUsage => ({
  commands: difference(after.commands, before.commands),
  cpuMs: after.cpuMs - before.cpuMs,
  systemMs: after.systemMs - before.systemMs,
  maxRssMb: after.maxRssMb,
});
