import { formatDate, formatTime } from '../../services/format.js';
import type { Runtime } from '../../services/runtime.js';

/** Writes one line for the officer at the terminal. */
export const out = (s: string): void => void process.stdout.write(s + '\n');

/** "…, expires at 22:41 ngày 05/12/2026 / expires 22:41 05/12/2026:", the same in every command. */
export function expiresLine(what: { vi: string; en: string }, at: Date): string {
  const time = formatTime(at);
  const date = formatDate(at);
  return `${what.vi}, hết hạn lúc ${time} ngày ${date} / ${what.en}, expires ${time} ${date}:`;
}

/**
 * One group of CLI commands (`officers …`, `verification …`). `run` returns the exit code, or null
 * when the arguments are not its own, so the next group may try.
 */
export type CliCommand = { usage: string; run: (args: string[], rt: Runtime) => Promise<number | null> };

/** The values of a repeatable `--name value` flag, and the arguments left once flags are taken out. */
export function flags(args: string[]): { get: (name: string) => string[]; rest: string[] } {
  const found = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && i + 1 < args.length && !args[i + 1]!.startsWith('--')) {
      found.set(a.slice(2), [...(found.get(a.slice(2)) ?? []), args[++i]!]);
    } else if (a.startsWith('--')) found.set(a.slice(2), [...(found.get(a.slice(2)) ?? []), '']);
    else rest.push(a);
  }
  return { get: (name) => found.get(name) ?? [], rest };
}
