/**
 * CSV reader benchmark: parses a generated beneficiaries CSV of N rows (100,000 by default) the way
 * imports read it (`csvRecords` in `services/imports/csv-records.ts`: csv-parse plus row numbers)
 * and with bare csv-parse, streaming from disk with the same options, each run in a fresh process
 * so peak memory is its own. Prints rows/s, CPU ms per 1,000 rows and peak resident memory; the
 * median of RUNS interleaved runs of each. (Until csv-parse replaced it, `csvRecords` was a reader
 * of our own; bench/README.md has the comparison.)
 *
 *   npx tsx bench/csv-readers.ts
 *   BENCH_ROWS=20000 BENCH_RUNS=3 npx tsx bench/csv-readers.ts
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { csvRecords } from '../services/imports/csv-records.js';
import { BENEFICIARY_HEADER, beneficiaryLine, writeCsv } from './support/register-files.js';
import { fmt, out, referenceWorkMs, runMain, wholeEnv } from './support/report.js';

const READERS = ['imports', 'csv-parse'] as const;
type Reader = (typeof READERS)[number];
type Figures = { rows: number; wallMs: number; cpuMs: number; peakRssMb: number };

/** Reads `file` with one reader in this process and returns what it cost. */
async function readOnce(reader: Reader, file: string): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  if (reader === 'imports') {
    for await (const record of csvRecords(createReadStream(file), ',')) rows += record.cells.length > 0 ? 1 : 0;
  } else {
    const parser = createReadStream(file).pipe(
      parse({
        delimiter: ',',
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        trim: true,
        skip_empty_lines: true,
      }),
    );
    for await (const record of parser) rows += (record as string[]).length > 0 ? 1 : 0;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    rows,
    wallMs: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<number> {
  const [, , child, childFile] = process.argv;
  if (child) {
    process.stdout.write(JSON.stringify(await readOnce(child as Reader, childFile!)));
    return 0;
  }
  const rows = wholeEnv('BENCH_ROWS', 100_000, 1_000, 1_000_000);
  const runs = wholeEnv('BENCH_RUNS', 5, 1, 50);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-readers-'));
  try {
    const file = path.join(dir, 'beneficiaries.csv');
    await writeCsv(file, BENEFICIARY_HEADER, rows, beneficiaryLine);
    out(
      `CSV readers: ${fmt(rows)} beneficiary rows (${(fs.statSync(file).size / 1e6).toFixed(1)} MB), ${runs} runs each`,
    );
    out(`machine speed (reference work): ${referenceWorkMs().toFixed(0)} ms`);
    const self = fileURLToPath(import.meta.url);
    const results = new Map<Reader, Figures[]>(READERS.map((r) => [r, []]));
    for (let i = 0; i < runs; i++)
      for (const reader of READERS) {
        const json = execFileSync(process.execPath, ['--import', 'tsx', self, reader, file], { encoding: 'utf8' });
        results.get(reader)!.push(JSON.parse(json) as Figures);
      }
    out('| reader | rows/s | CPU ms per 1,000 rows | peak RSS |');
    out('| --- | --- | --- | --- |');
    for (const [reader, figures] of results) {
      const cpuPerK = median(figures.map((f) => (f.cpuMs / f.rows) * 1000));
      const rowsPerS = median(figures.map((f) => f.rows / (f.wallMs / 1000)));
      const rss = median(figures.map((f) => f.peakRssMb));
      out(`| ${reader} | ${fmt(Math.round(rowsPerS))} | ${cpuPerK.toFixed(2)} | ${rss.toFixed(0)} MB |`);
    }
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
