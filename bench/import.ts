/**
 * Import benchmark: a beneficiary CSV and a payment CSV of N rows each (100,000 by default,
 * 5,000 on the embedded CongoDB), imported through the same service the CLI uses, each on its
 * own with its database commands counted (driver command monitoring), this process's CPU and the
 * peak resident memory sampled every 50 ms; then both files are imported again unchanged (an
 * idempotent re-run). Figures are printed beside their targets, not asserted: the exit code is 0
 * on a MISS and non-zero only when something crashes.
 *
 *   npm run bench:import                  # 100,000 rows (5,000 on the embedded CongoDB)
 *   BENCH_ROWS=5000 npm run bench:import  # a quick run
 *   MONGODB_URI=mongodb://… npm run bench:import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import type { ImportKind } from '../services/imports/columns.js';
import { importFile, type ImportReport } from '../services/imports/run-import.js';
import { createLogger } from '../services/log.js';
import {
  BENEFICIARY_HEADER,
  PAYMENT_HEADER,
  PERIOD,
  beneficiaryLine,
  paymentLine,
  writeCsv,
} from './support/register-files.js';
import { benchConfig, COMMUNES_FILE, ROOT, TARGET_KINDS } from './support/config.js';
import { cpuOf, databaseChildPids, rssOf } from './support/processes.js';
import { perOperation, totalOf, type CommandCounts } from './support/commands.js';
import { machineLine, out, runMain, verdict } from './support/report.js';
import { startBenchRuntime, type BenchRuntime } from './support/runtime.js';

const DEFAULT_ROWS = 100_000;
const EMBEDDED_ROWS = 5_000;
/** The issue's targets: database commands per 1,000 rows, and peak memory at 100,000 rows. */
const TARGET_COMMANDS_PER_1000 = 3;
const TARGET_RSS_MB = 500;
const SAMPLE_MS = 50;
const MB = 1024 * 1024;

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

// ---------------------------------------------------------------------------------------------
// Measuring

type Measured = {
  report: ImportReport;
  commands: CommandCounts;
  seconds: number;
  peakRss: number;
  peakHeap: number;
  peakChildRss: number;
  cpu: number;
  childCpu: number;
  mainBusy: number;
  load: string;
};

async function measure(kind: ImportKind, file: string, rt: BenchRuntime, children: number[]): Promise<Measured> {
  const ctx = { sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'bench' };
  let peakRss = 0;
  let peakHeap = 0;
  let peakChildRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (children.length)
      peakChildRss = Math.max(
        peakChildRss,
        children.reduce((sum, pid) => sum + rssOf(pid), 0),
      );
  };
  const childCpu = () => children.reduce((sum, pid) => sum + cpuOf(pid), 0);
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const cpuBefore = process.cpuUsage();
  const childCpuBefore = childCpu();
  const eluBefore = performance.eventLoopUtilization();
  const started = process.hrtime.bigint();
  try {
    const { result: report, commands } = await rt.commands.during(() =>
      importFile(kind, file, ctx, { writeRejects: false }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const mainBusy = performance.eventLoopUtilization(eluBefore).utilization;
    sample();
    return {
      report,
      commands,
      seconds,
      peakRss,
      peakHeap,
      peakChildRss,
      cpu: (cpu.user + cpu.system) / 1e6,
      childCpu: childCpu() - childCpuBefore,
      mainBusy,
      load: loadAverage(),
    };
  } finally {
    clearInterval(timer);
  }
}

type Verdict = 'PASS' | 'MISS' | 'n/a';

/** Commands per 1,000 rows read. */
const per1000 = (m: Measured) => (1000 * totalOf(m.commands)) / (m.report.rowsRead || 1);

function printBlock(
  title: string,
  rt: BenchRuntime,
  rows: number,
  m: Measured,
  memoryTargetApplies: boolean,
): { commands: Verdict; memory: Verdict } {
  const r = m.report;
  const commands = verdict(per1000(m) <= TARGET_COMMANDS_PER_1000);
  const memory: Verdict = memoryTargetApplies ? verdict(m.peakRss < TARGET_RSS_MB * MB) : 'n/a';
  out(`── ${title} ${'─'.repeat(Math.max(3, 72 - title.length))}`);
  out(`  database        ${rt.database.kind} (${rt.database.description})`);
  out(`  rows            ${rows.toLocaleString('en-US')} in file, ${r.rowsRead.toLocaleString('en-US')} read`);
  out(
    `  time            ${m.seconds.toFixed(2)} s   → ${Math.round(r.rowsRead / m.seconds).toLocaleString('en-US')} rows/s`,
  );
  out(
    `  peak RSS        ${(m.peakRss / MB).toFixed(0)} MB (heap used ${(m.peakHeap / MB).toFixed(0)} MB)${m.peakChildRss ? `; database process ${(m.peakChildRss / MB).toFixed(0)} MB` : rt.database.kind === 'embedded' ? '; the database runs inside this process' : ''}`,
  );
  out(`  commands        ${perOperation(m.commands, r.rowsRead / 1000, '1,000 rows')}`);
  out(
    `  CPU             this process ${m.cpu.toFixed(1)} s = ${((1000 * m.cpu) / (r.rowsRead || 1)).toFixed(2)} s per 1,000 rows${m.peakChildRss ? `; database process ${m.childCpu.toFixed(1)} s` : ''} (wall ${m.seconds.toFixed(1)} s)`,
  );
  // The main thread's share of the wall time spent running JavaScript (not waiting): near 100 %,
  // it is what the import waits on; well below, the database is.
  out(`  main thread     busy ${(m.mainBusy * 100).toFixed(0)} % of the import`);
  out(`  load average    ${m.load} at the end (above ~1.5, other processes shared the cores)`);
  out(
    `  result          created ${r.created} · updated ${r.updated} · unchanged ${r.unchanged} · rejected ${r.rejected}${r.kind === 'payments' ? ` · status changes ${r.changes}` : ''}`,
  );
  for (const x of r.rejects.slice(0, 5)) out(`    ! line ${x.line}, ${x.columnLabel}: ${x.reason}`);
  if (r.rejects.length > 5) out(`    ! … ${r.rejects.length - 5} more`);
  out(`  target          ≤ ${TARGET_COMMANDS_PER_1000} commands per 1,000 rows: ${per1000(m).toFixed(2)} ${commands}`);
  out(
    `  target          peak memory < ${TARGET_RSS_MB} MB at ${DEFAULT_ROWS.toLocaleString('en-US')} rows: ${(m.peakRss / MB).toFixed(0)} MB ${memory}`,
  );
  return { commands, memory };
}

/** The 1- and 5-minute load averages: this bench alone keeps about 1–1.5 of the 2 cores busy. */
const loadAverage = () =>
  os
    .loadavg()
    .slice(0, 2)
    .map((x) => x.toFixed(1))
    .join(' / ');

// ---------------------------------------------------------------------------------------------

function requestedRows(): number {
  const raw = process.env.BENCH_ROWS;
  if (raw === undefined || raw === '') return DEFAULT_ROWS;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new Error(`BENCH_ROWS must be a whole number from 1 to 10,000,000 (got "${raw}")`);
  return n;
}

async function main(): Promise<number> {
  const requested = requestedRows();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-'));
  const config = benchConfig(tmp, ROOT);

  let rt: BenchRuntime | null = null;
  try {
    const bootStart = Date.now();
    rt = await startBenchRuntime(config, createLogger(config.LOG_LEVEL), {
      jobs: false,
      persistent: false,
      root: ROOT,
    });
    const kind = rt.database.kind;
    const rows = kind === 'embedded' ? Math.min(requested, EMBEDDED_ROWS) : requested;
    const targetsApply = TARGET_KINDS.has(kind) && rows === DEFAULT_ROWS;
    const children = databaseChildPids();

    out(`Tin An Sinh import benchmark — ${new Date().toISOString()}`);
    out(
      `  database        ${kind}: ${rt.database.description} (database ${config.DATABASE_NAME}, ready in ${((Date.now() - bootStart) / 1000).toFixed(1)} s)`,
    );
    out(`  machine         ${machineLine()}`);
    if (kind === 'embedded' && requested > EMBEDDED_ROWS) {
      out(
        `  rows            ${rows.toLocaleString('en-US')} — the embedded CongoDB scans every document on every query, so the bench runs at ${EMBEDDED_ROWS.toLocaleString('en-US')} rows only (asked for ${requested.toLocaleString('en-US')})`,
      );
    } else {
      out(
        `  rows            ${rows.toLocaleString('en-US')} per file${targetsApply ? '' : ` — the memory target applies at ${DEFAULT_ROWS.toLocaleString('en-US')} rows on FerretDB/MongoDB only: n/a`}`,
      );
    }
    out(`  payment period  ${PERIOD}`);
    out(`  load average    ${loadAverage()} (1 / 5 min) before the imports`);

    const communes = await importFile(
      'communes',
      COMMUNES_FILE,
      { sealer: rt.sealer, entryPoint: 'cli', actor: 'bench' },
      { writeRejects: false },
    );
    out(`  communes        ${communes.created} created from ${path.relative(ROOT, COMMUNES_FILE)}`);

    const benFile = path.join(tmp, 'beneficiaries.csv');
    const payFile = path.join(tmp, 'payments.csv');
    const genStart = Date.now();
    await writeCsv(benFile, BENEFICIARY_HEADER, rows, beneficiaryLine);
    await writeCsv(payFile, PAYMENT_HEADER, rows, paymentLine);
    out(
      `  files           ${(fs.statSync(benFile).size / MB).toFixed(1)} MB + ${(fs.statSync(payFile).size / MB).toFixed(1)} MB generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s`,
    );
    out();

    const ben = await measure('beneficiaries', benFile, rt, children);
    const benVerdict = printBlock('beneficiaries import', rt, rows, ben, targetsApply);
    const pay = await measure('payments', payFile, rt, children);
    const payVerdict = printBlock('payments import', rt, rows, pay, targetsApply);

    const payAgain = await measure('payments', payFile, rt, children);
    printBlock('payments re-import (same file)', rt, rows, payAgain, false);
    const benAgain = await measure('beneficiaries', benFile, rt, children);
    printBlock('beneficiaries re-import (same file)', rt, rows, benAgain, false);

    const idempotent = (m: Measured) =>
      m.report.created === 0 && m.report.updated === 0 && m.report.unchanged === m.report.rowsRead;
    out();
    out('── summary ' + '─'.repeat(66));
    out(`  database        ${kind}, ${rows.toLocaleString('en-US')} rows`);
    const row = (name: string, m: Measured, tail: string) =>
      out(
        `  ${name.padEnd(15)} ${m.seconds.toFixed(2).padStart(7)} s ${per1000(m).toFixed(2).padStart(6)} commands/1,000 rows ${(m.peakRss / MB).toFixed(0).padStart(5)} MB   ${tail}`,
      );
    row('beneficiaries', ben, `commands ${benVerdict.commands}, memory ${benVerdict.memory}`);
    row('payments', pay, `commands ${payVerdict.commands}, memory ${payVerdict.memory}`);
    row('payments again', payAgain, `idempotent: ${idempotent(payAgain) ? 'yes' : 'NO'}`);
    row('benef. again', benAgain, `idempotent: ${idempotent(benAgain) ? 'yes' : 'NO'}`);
    const anomalies: string[] = [];
    if (ben.report.created !== rows || ben.report.rejected)
      anomalies.push(`beneficiaries: expected ${rows} created, 0 rejected`);
    if (pay.report.created !== rows || pay.report.rejected)
      anomalies.push(`payments: expected ${rows} created, 0 rejected`);
    if (!idempotent(payAgain)) anomalies.push('payments re-import changed something');
    if (!idempotent(benAgain)) anomalies.push('beneficiaries re-import changed something');
    for (const a of anomalies) out(`  ! ${a}`);
    return 0;
  } finally {
    if (rt) {
      await mongoose.connection.db?.dropDatabase().catch((err: unknown) => {
        process.stderr.write(`could not drop the bench database: ${String(err)}\n`);
      });
      await rt.stop();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
