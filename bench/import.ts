/**
 * Import benchmark: a beneficiary CSV and a payment CSV of N rows each (100,000 by default,
 * 5,000 on the embedded CongoDB), imported through the same service the CLI uses, each timed
 * on its own with the peak resident memory sampled every 50 ms; then both files are imported
 * again unchanged (an idempotent re-run). Figures are reported, not asserted: the exit code is
 * 0 on a MISS and non-zero only when something crashes.
 *
 *   npm run bench:import                  # 100,000 rows (5,000 on the embedded CongoDB)
 *   BENCH_ROWS=5000 npm run bench:import  # a quick run
 *   MONGODB_URI=mongodb://… npm run bench:import
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { loadConfig } from '../services/config.js';
import { previousPeriods, periodOf } from '../services/format.js';
import type { ImportKind } from '../services/imports/columns.js';
import { importFile, type ImportReport } from '../services/imports/run-import.js';
import { createLogger } from '../services/log.js';
import { startRuntime, type Runtime } from '../services/runtime.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMMUNES_FILE = path.join(ROOT, 'models/data/communes-demo.csv');
const DEFAULT_ROWS = 100_000;
const EMBEDDED_ROWS = 5_000;
const TARGET_SECONDS = 20;
const TARGET_RSS_MB = 500;
/** Database kinds on which the issue's targets apply (a real mongod counts as MongoDB). */
const TARGET_KINDS: ReadonlySet<string> = new Set(['ferretdb', 'mongodb', 'mongodb-memory-server']);
const SAMPLE_MS = 50;
const MB = 1024 * 1024;

const out = (s = '') => { process.stdout.write(s + '\n'); };
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE') throw err; });

// ---------------------------------------------------------------------------------------------
// Test data

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Xuân'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Diệu', 'Phương'];
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Đông', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quý', 'Sơn', 'Thắng', 'Tuấn', 'Việt'];
const GIVEN_FEMALE = ['Anh', 'Châu', 'Dung', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Liên', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Thảo', 'Trang', 'Tuyết', 'Yến'];
const ETHNICITIES = ['Kinh', 'Kinh', 'Kinh', 'Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'H\'Mông', 'Nùng'];
const CATEGORIES = ['social_assistance', 'meritorious', 'poor_household', 'near_poor_household', 'child', 'other'];
const COMMUNES = ['00004', '00008', '00103'];
const BANKS = ['970405', '970436', '970418', '970415', '970422'];
const AMOUNTS = [500_000, 750_000, 1_000_000, 1_500_000, 2_250_000];
const FAILURES = ['Sai số tài khoản, ngân hàng trả về', 'Tài khoản đã đóng', 'Tên chủ tài khoản không khớp, cần đối chiếu lại'];
const PICKUP_PLACES = ['Bưu điện Ba Đình, 12 Điện Biên Phủ', 'Bưu điện Ngọc Hà', 'Bưu điện Sóc Sơn, thị trấn Sóc Sơn'];

const BENEFICIARY_HEADER = [
  'national_id', 'full_name', 'date_of_birth', 'gender', 'ethnicity', 'phone', 'province_code', 'commune_code', 'category',
  'decision_number', 'decision_date', 'monthly_amount', 'payment_method', 'account_provider', 'account_number', 'account_holder',
];
const PAYMENT_HEADER = ['national_id', 'period', 'amount', 'status', 'method', 'paid_at', 'failure_reason', 'pickup_place', 'pickup_from', 'pickup_to'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
/** Vietnamese thousands separators: 500000 → "500.000". */
const dong = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: readonly string[]) => cells.map(csvCell).join(',') + '\n';

/** A small deterministic PRNG (mulberry32), so runs are comparable and generation is cheap. */
function prng(seed: number) {
  let a = seed >>> 0;
  return (max: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % max);
  };
}

type Person = { nationalId: string; amount: number; method: 'bank' | 'cash_post' };

/** Deterministic per-row facts both files agree on. */
function person(i: number): Person {
  const r = prng(i * 7919 + 17);
  return {
    // 12 digits: province 001, a century/gender digit, then a unique 8-digit sequence.
    nationalId: `001${1 + (i % 2)}${pad(10_000_000 + i, 8).slice(-8)}`,
    amount: pick(AMOUNTS, r(AMOUNTS.length)),
    method: r(100) < 70 ? 'bank' : 'cash_post',
  };
}

/** Writes `rows` lines made by `line(i)` through a write stream, respecting back-pressure. */
async function writeCsv(file: string, header: readonly string[], rows: number, line: (i: number) => string): Promise<void> {
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  const closed = once(stream, 'close');
  stream.write(csvLine(header));
  const CHUNK = 500;
  for (let start = 0; start < rows; start += CHUNK) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + CHUNK); i++) chunk += line(i);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await closed;
}

function beneficiaryLine(i: number): string {
  const p = person(i);
  const r = prng(i * 104_729 + 3);
  const female = r(2) === 1;
  const name = `${pick(FAMILY, r(FAMILY.length))} ${female ? pick(MIDDLE_FEMALE, r(7)) : pick(MIDDLE_MALE, r(7))} ${female ? pick(GIVEN_FEMALE, r(16)) : pick(GIVEN_MALE, r(16))}`;
  const born = `${pad(1 + r(28), 2)}/${pad(1 + r(12), 2)}/${1930 + r(80)}`;
  const decided = `${pad(1 + r(28), 2)}/${pad(1 + r(12), 2)}/${2015 + r(10)}`;
  const bank = p.method === 'bank';
  return csvLine([
    p.nationalId,
    name,
    born,
    female ? 'Nữ' : 'Nam',
    pick(ETHNICITIES, r(ETHNICITIES.length)),
    `09${pad(r(100_000_000), 8)}`,
    '01',
    pick(COMMUNES, i),
    pick(CATEGORIES, r(CATEGORIES.length)),
    `${1 + r(2000)}/QĐ-UBND`,
    decided,
    dong(p.amount),
    p.method,
    bank ? pick(BANKS, r(BANKS.length)) : '',
    bank ? `${1 + r(9)}${pad(r(1_000_000_000), 9)}${pad(r(1000), 3)}` : '',
    bank ? name.toLocaleUpperCase('vi') : '',
  ]);
}

/** Payment period used by the bench: last month, so every date in the file is in the past. */
const PERIOD = previousPeriods(periodOf(), 2)[1]!;
const [PERIOD_YEAR, PERIOD_MONTH] = PERIOD.split('-') as [string, string];
const inPeriod = (day: number) => `${pad(day, 2)}/${PERIOD_MONTH}/${PERIOD_YEAR}`;

function paymentLine(i: number): string {
  const p = person(i);
  const r = prng(i * 15_485_863 + 11);
  const roll = r(100);
  const period = `${PERIOD_MONTH}/${PERIOD_YEAR}`;
  const amount = dong(p.amount);
  if (p.method === 'bank') {
    // Bank: 80% paid, 12% scheduled, 8% failed.
    if (roll < 80) return csvLine([p.nationalId, period, amount, 'paid', 'bank', inPeriod(5 + r(15)), '', '', '', '']);
    if (roll < 92) return csvLine([p.nationalId, period, amount, 'scheduled', 'bank', '', '', '', '', '']);
    return csvLine([p.nationalId, period, amount, 'failed', 'bank', '', pick(FAILURES, r(FAILURES.length)), '', '', '']);
  }
  // Cash at the post office: 85% ready for pickup, 15% scheduled.
  if (roll < 85) {
    const from = 10 + r(5);
    return csvLine([p.nationalId, period, amount, 'cash_ready', 'cash_post', '', '', pick(PICKUP_PLACES, i), inPeriod(from), inPeriod(from + 10)]);
  }
  return csvLine([p.nationalId, period, amount, 'scheduled', 'cash_post', '', '', '', '', '']);
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Database server processes this one started (FerretDB or mongod run as children; tsx's esbuild is left out). */
function databaseChildPids(): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (ppid === process.pid && /(ferretdb|mongod)[^/]*$/.test(command)) pids.push(Number(entry));
    } catch {
      // the process went away meanwhile
    }
  }
  return pids;
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

type Measured = { report: ImportReport; seconds: number; peakRss: number; peakHeap: number; peakChildRss: number; cpu: number; childCpu: number };

async function measure(kind: ImportKind, file: string, rt: Runtime, children: number[]): Promise<Measured> {
  const ctx = { sealer: rt.sealer, entryPoint: 'cli' as const, actor: 'bench' };
  let peakRss = 0;
  let peakHeap = 0;
  let peakChildRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (children.length) peakChildRss = Math.max(peakChildRss, children.reduce((sum, pid) => sum + rssOf(pid), 0));
  };
  const childCpu = () => children.reduce((sum, pid) => sum + cpuOf(pid), 0);
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const cpuBefore = process.cpuUsage();
  const childCpuBefore = childCpu();
  const started = process.hrtime.bigint();
  try {
    const report = await importFile(kind, file, ctx, { writeRejects: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    sample();
    return { report, seconds, peakRss, peakHeap, peakChildRss, cpu: (cpu.user + cpu.system) / 1e6, childCpu: childCpu() - childCpuBefore };
  } finally {
    clearInterval(timer);
  }
}

type Verdict = 'PASS' | 'MISS' | 'n/a';

function printBlock(title: string, rt: Runtime, rows: number, m: Measured, targetsApply: boolean): { time: Verdict; memory: Verdict } {
  const r = m.report;
  const time: Verdict = targetsApply ? (m.seconds < TARGET_SECONDS ? 'PASS' : 'MISS') : 'n/a';
  const memory: Verdict = targetsApply ? (m.peakRss < TARGET_RSS_MB * MB ? 'PASS' : 'MISS') : 'n/a';
  out(`── ${title} ${'─'.repeat(Math.max(3, 72 - title.length))}`);
  out(`  database        ${rt.database.kind} (${rt.database.description})`);
  out(`  rows            ${rows.toLocaleString('en-US')} in file, ${r.rowsRead.toLocaleString('en-US')} read`);
  out(`  time            ${m.seconds.toFixed(2)} s   → ${Math.round(r.rowsRead / m.seconds).toLocaleString('en-US')} rows/s`);
  out(`  peak RSS        ${(m.peakRss / MB).toFixed(0)} MB (heap used ${(m.peakHeap / MB).toFixed(0)} MB)${m.peakChildRss ? `; database process ${(m.peakChildRss / MB).toFixed(0)} MB` : rt.database.kind === 'embedded' ? '; the database runs inside this process' : ''}`);
  out(`  CPU             this process ${m.cpu.toFixed(1)} s${m.peakChildRss ? `, database process ${m.childCpu.toFixed(1)} s` : ''} (wall ${m.seconds.toFixed(1)} s)`);
  out(`  result          created ${r.created} · updated ${r.updated} · unchanged ${r.unchanged} · rejected ${r.rejected}${r.kind === 'payments' ? ` · status changes ${r.changes}` : ''}`);
  for (const x of r.rejects.slice(0, 5)) out(`    ! line ${x.line}, ${x.columnLabel}: ${x.reason}`);
  if (r.rejects.length > 5) out(`    ! … ${r.rejects.length - 5} more`);
  out(`  target < ${TARGET_SECONDS} s   ${time}`);
  out(`  target < ${TARGET_RSS_MB} MB ${memory}`);
  return { time, memory };
}

// ---------------------------------------------------------------------------------------------

function requestedRows(): number {
  const raw = process.env.BENCH_ROWS;
  if (raw === undefined || raw === '') return DEFAULT_ROWS;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error(`BENCH_ROWS must be a whole number from 1 to 10,000,000 (got "${raw}")`);
  return n;
}

async function main(): Promise<number> {
  const requested = requestedRows();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-'));
  const pass = (name: string) => (process.env[name] ? { [name]: process.env[name] } : {});
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_NAME: `bench_${crypto.randomBytes(5).toString('hex')}`,
    DATA_ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: tmp,
    LOG_LEVEL: 'warn',
    ...pass('MONGODB_URI'),
    ...pass('MONGODB_KIND'),
    ...pass('DATABASE_ENGINE'),
    ...pass('FERRETDB_BIN'),
    ...pass('MONGOMS_SYSTEM_BINARY'),
  }, ROOT);

  let rt: Runtime | null = null;
  try {
    const bootStart = Date.now();
    rt = await startRuntime(config, createLogger(config.LOG_LEVEL), { jobs: false, persistent: false, root: ROOT });
    const kind = rt.database.kind;
    const rows = kind === 'embedded' ? Math.min(requested, EMBEDDED_ROWS) : requested;
    const targetsApply = TARGET_KINDS.has(kind) && rows === DEFAULT_ROWS;
    const children = databaseChildPids();

    out(`Tin An Sinh import benchmark — ${new Date().toISOString()}`);
    out(`  database        ${kind}: ${rt.database.description} (database ${config.DATABASE_NAME}, ready in ${((Date.now() - bootStart) / 1000).toFixed(1)} s)`);
    out(`  machine         ${os.cpus().length} CPU × ${os.cpus()[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}`);
    if (kind === 'embedded' && requested > EMBEDDED_ROWS) {
      out(`  rows            ${rows.toLocaleString('en-US')} — the embedded CongoDB scans every document on every query, so the bench runs at ${EMBEDDED_ROWS.toLocaleString('en-US')} rows only (asked for ${requested.toLocaleString('en-US')})`);
    } else {
      out(`  rows            ${rows.toLocaleString('en-US')} per file${targetsApply ? '' : ` — targets (${TARGET_SECONDS} s, ${TARGET_RSS_MB} MB) apply only to ${DEFAULT_ROWS.toLocaleString('en-US')} rows on FerretDB/MongoDB: n/a`}`);
    }
    out(`  payment period  ${PERIOD}`);

    const communes = await importFile('communes', COMMUNES_FILE, { sealer: rt.sealer, entryPoint: 'cli', actor: 'bench' }, { writeRejects: false });
    out(`  communes        ${communes.created} created from ${path.relative(ROOT, COMMUNES_FILE)}`);

    const benFile = path.join(tmp, 'beneficiaries.csv');
    const payFile = path.join(tmp, 'payments.csv');
    const genStart = Date.now();
    await writeCsv(benFile, BENEFICIARY_HEADER, rows, beneficiaryLine);
    await writeCsv(payFile, PAYMENT_HEADER, rows, paymentLine);
    out(`  files           ${(fs.statSync(benFile).size / MB).toFixed(1)} MB + ${(fs.statSync(payFile).size / MB).toFixed(1)} MB generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s`);
    out();

    const ben = await measure('beneficiaries', benFile, rt, children);
    const benVerdict = printBlock('beneficiaries import', rt, rows, ben, targetsApply);
    const pay = await measure('payments', payFile, rt, children);
    const payVerdict = printBlock('payments import', rt, rows, pay, targetsApply);

    const payAgain = await measure('payments', payFile, rt, children);
    printBlock('payments re-import (same file)', rt, rows, payAgain, false);
    const benAgain = await measure('beneficiaries', benFile, rt, children);
    printBlock('beneficiaries re-import (same file)', rt, rows, benAgain, false);

    const idempotent = (m: Measured) => m.report.created === 0 && m.report.updated === 0 && m.report.unchanged === m.report.rowsRead;
    out();
    out('── summary ' + '─'.repeat(66));
    out(`  database        ${kind}, ${rows.toLocaleString('en-US')} rows`);
    for (const [name, m, v] of [['beneficiaries', ben, benVerdict], ['payments', pay, payVerdict]] as const) {
      out(`  ${name.padEnd(15)} ${m.seconds.toFixed(2).padStart(7)} s ${Math.round(m.report.rowsRead / m.seconds).toLocaleString('en-US').padStart(8)} rows/s ${(m.peakRss / MB).toFixed(0).padStart(5)} MB   time ${v.time}, memory ${v.memory}`);
    }
    for (const [name, m] of [['payments again', payAgain], ['benef. again', benAgain]] as const) {
      out(`  ${name.padEnd(15)} ${m.seconds.toFixed(2).padStart(7)} s ${Math.round(m.report.rowsRead / m.seconds).toLocaleString('en-US').padStart(8)} rows/s ${(m.peakRss / MB).toFixed(0).padStart(5)} MB   idempotent: ${idempotent(m) ? 'yes' : 'NO'}`);
    }
    const anomalies: string[] = [];
    if (ben.report.created !== rows || ben.report.rejected) anomalies.push(`beneficiaries: expected ${rows} created, 0 rejected`);
    if (pay.report.created !== rows || pay.report.rejected) anomalies.push(`payments: expected ${rows} created, 0 rejected`);
    if (!idempotent(payAgain)) anomalies.push('payments re-import changed something');
    if (!idempotent(benAgain)) anomalies.push('beneficiaries re-import changed something');
    for (const a of anomalies) out(`  ! ${a}`);
    return 0;
  } finally {
    if (rt) {
      await mongoose.connection.db?.dropDatabase().catch((err: unknown) => { process.stderr.write(`could not drop the bench database: ${String(err)}\n`); });
      await rt.stop();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
