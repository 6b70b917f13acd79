import fs from 'node:fs';
import path from 'node:path';
import { COLUMNS, type ImportKind } from './columns.js';

/** One reason a row was not imported. */
export type Reject = { line: number; column: string; columnLabel: string; reason: string };

const cell = (v: unknown): string => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v === undefined || v === null ? '' : String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The rejects file sits next to the input: `danh-sach.csv` → `danh-sach.rejects.csv`. */
export function rejectsPathFor(input: string): string {
  const ext = path.extname(input);
  return path.join(path.dirname(input), `${path.basename(input, ext)}.rejects.csv`);
}

/**
 * Writes the rejected rows with their reasons and original values (UTF-8 with BOM so Excel
 * shows Vietnamese correctly); the officer fixes them there and imports that file again.
 */
export async function writeRejects(
  input: string,
  kind: ImportKind,
  rejects: Reject[],
  rows: { line: number; values: Record<string, unknown> }[],
): Promise<string> {
  const out = rejectsPathFor(input);
  const columns = [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
  const reasons = new Map<number, string[]>();
  for (const r of rejects) reasons.set(r.line, [...(reasons.get(r.line) ?? []), `${r.columnLabel}: ${r.reason}`]);
  const stream = fs.createWriteStream(out, { encoding: 'utf8' });
  const write = (line: string) =>
    new Promise<void>((resolve) => (stream.write(line) ? resolve() : stream.once('drain', resolve)));
  await write('\uFEFF' + ['line', 'reason', ...columns].join(',') + '\n');
  for (const row of rows)
    await write(
      [row.line, cell((reasons.get(row.line) ?? []).join(' | ')), ...columns.map((c) => cell(row.values[c]))].join(
        ',',
      ) + '\n',
    );
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return out;
}
