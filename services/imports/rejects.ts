import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { COLUMNS, type ImportKind } from './columns.js';

/** One reason a row was not imported. */
export type Reject = { line: number; column: string; columnLabel: string; reason: string };

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
  const records = rows.map((row) => [
    row.line,
    (reasons.get(row.line) ?? []).join(' | '),
    ...columns.map((c) => row.values[c]),
  ]);
  await pipeline(
    stringify(records, {
      bom: true,
      header: true,
      columns: ['line', 'reason', ...columns],
      // A date cell goes back as the ISO day the importer reads; `true` as `true`, not csv-stringify's `1`.
      cast: { date: (d) => d.toISOString().slice(0, 10), boolean: String },
      // Quoted too where Excel's list separator is `;` (Vietnamese Windows settings), so a cell holding one stays whole.
      quoted_match: ';',
    }),
    fs.createWriteStream(out),
  );
  return out;
}
