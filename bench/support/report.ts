import { execFileSync } from 'node:child_process';
import os from 'node:os';
/** What every benchmark prints with: lines, numbers, durations, percentiles, verdicts, and its exit. */

/** One line on standard output (benchmarks print; they do not log). */
export const out = (s = ''): void => {
  process.stdout.write(s + '\n');
};

/** A whole number with thousands separators. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A figure against its target. */
export const verdict = (ok: boolean): 'PASS' | 'MISS' => (ok ? 'PASS' : 'MISS');

/** Milliseconds of this process's CPU (user + system) since `since`. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** Nearest-rank percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A whole-number setting from the environment, checked against its range. */
export function wholeEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${fmt(min)} to ${fmt(max)} (got "${raw}")`);
  return n;
}

/** Runs a benchmark's main and exits with its code, or 1 with the stack when it crashed. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** The reference work, run in a fresh Node process so the caller's heap and JIT state do not change it. */
const REFERENCE_WORK = `
const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: 'Nguyễn Văn ' + i, amount: i * 1000, period: '2026-10', paid: i % 3 === 0 }));
const once = () => { const t = performance.now(); for (let i = 0; i < 20; i++) JSON.parse(JSON.stringify(rows)); return performance.now() - t; };
once();
const runs = Array.from({ length: 7 }, once).sort((a, b) => a - b);
process.stdout.write(String(runs[3]));
`;

/**
 * Milliseconds this machine takes right now for a fixed piece of CPU work (JSON round trips of
 * small objects, like much of what the service does; the median of 7 in a fresh process). The
 * machine's speed drifts by a quarter or more with what other tenants run, so each benchmark prints
 * this next to its figures: runs are comparable only at similar values.
 */
export function referenceWorkMs(): number {
  return Number(execFileSync(process.execPath, ['-e', REFERENCE_WORK], { encoding: 'utf8', env: {} }));
}

/** Cores, memory, Node, the load and the machine's speed now: what every benchmark prints first. */
export function machineLine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${os.cpus().length} CPU × ${os.cpus()[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, load average ${load}, ${referenceWorkMs().toFixed(0)} ms for the reference work (lower is faster)`;
}
