/**
 * Officers' verification bench (issue 18, "Speed"): a province of BENCH_RECORDS (default 100,000)
 * records with account details waiting, written in batches through the register's save function
 * (no file parsing), then the queue and the police export: database commands per queue page
 * (target ≤ 3, the audit entry included), per 1,000 exported rows (target ≤ 3), the export's peak RSS (< 200 MB), times
 * and the database. Prints; asserts nothing (exit 1 only on a crash).
 *
 *   npm run bench:officers            # BENCH_RECORDS=20000 npm run bench:officers for a smaller run
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../services/log.js';
import { officerIdFor } from '../services/officers/identity.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { saveBeneficiaries, type BeneficiaryInput } from '../services/register/beneficiaries.js';
import { saveCommunes } from '../services/register/communes.js';
import { exportForPolice } from '../services/verification/export.js';
import { countQueue, verificationQueue } from '../services/verification/queue.js';
import { totalOf, perOperation } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { fmt, out, seconds, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';

const RECORDS = wholeEnv('BENCH_RECORDS', 100_000, 1_000, 1_000_000);
const COMMUNES = 20;
const BATCH = 4000;
const codeOf = (i: number) => String(10 + (i % COMMUNES)).padStart(5, '0');

function person(i: number): BeneficiaryInput {
  const n = String(i).padStart(7, '0');
  return {
    nationalId: `00119${n}`,
    fullName: `Nguyễn Văn ${n}`,
    dateOfBirth: '1950-01-01',
    gender: 'male',
    ethnicity: 'Kinh',
    phone: `+84912${n}`,
    provinceCode: '01',
    communeCode: codeOf(i),
    category: 'social_assistance',
    decisionNumber: '1/QĐ',
    decisionDate: '2024-01-01',
    monthlyAmount: 500000,
    paymentMethod: 'bank',
    status: 'active',
    guardian: null,
    account: { providerCode: '970436', number: `0071${n}`, holderName: `Nguyen Van ${n}` },
  };
}

/** Discards the file, counting its bytes. */
function sink() {
  let bytes = 0;
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done();
      },
    }),
    bytes: () => bytes,
  };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** Runs a process to its end, sampling its high-water RSS (Linux `VmHWM`) until it exits. */
function peakOfProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ peak: number; ms: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // The process has just ended: its last sample stands.
    }
  };
  const timer = setInterval(sample, 10);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ peak, ms: performance.now() - started, code });
    });
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-officers-'));
  const config = benchConfig(dir, ROOT);
  const log = createLogger('warn');
  const rt = await startBenchRuntime(config, log, { jobs: false, persistent: false });
  try {
    const ctx = { sealer: rt.sealer, entryPoint: 'import' as const, actor: 'bench' };
    await saveCommunes(
      Array.from({ length: COMMUNES }, (_, i) => ({
        code: codeOf(i),
        name: `Phường ${i}`,
        provinceCode: '01',
        legacyDistrict: null,
      })),
      ctx,
    );
    const seedStart = performance.now();
    for (let i = 0; i < RECORDS; i += BATCH)
      await saveBeneficiaries(
        Array.from({ length: Math.min(BATCH, RECORDS - i) }, (_, k) => person(i + k)),
        ctx,
      );
    const seedMs = performance.now() - seedStart;

    const scope = (s: Partial<Scope> & Pick<Scope, 'role'>): Acting => ({
      scope: {
        officerId: officerIdFor(rt.sealer, '+84987000001'),
        name: 'bench',
        provinceCode: '01',
        communeCodes: [],
        ...s,
      } as Scope,
      entryPoint: 'miniapp',
      now: () => new Date(),
    });
    const admin = scope({ role: 'province_admin' });
    const communeOfficer = scope({ role: 'commune_officer', communeCodes: [codeOf(0)] });
    const timed = async <T>(work: () => Promise<T>) => {
      const t = performance.now();
      const { result, commands } = await rt.commands.during(work);
      return { result, commands, ms: performance.now() - t };
    };

    out(`Officers' verification work: ${fmt(RECORDS)} records in one province, ${COMMUNES} communes`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(`  seeded in       ${seconds(seedMs)} (saveBeneficiaries, ${fmt(BATCH)} per batch)`);
    const pages = [
      ['province admin, page 1', () => verificationQueue(admin)],
      ['province admin, page 100', () => verificationQueue(admin, { page: 100 })],
      // Commune names are remembered ten minutes per process: the first pages above read them once.
      ['province admin, page 1 again', () => verificationQueue(admin)],
      ['commune officer, page 1', () => verificationQueue(communeOfficer)],
      ['admin, one commune filter', () => verificationQueue(admin, { communes: [codeOf(1)] })],
    ] as const;
    for (const [label, work] of pages) {
      const r = await timed(work);
      out(
        `  queue ${label.padEnd(26)} ${totalOf(r.commands)} commands, audit included ${verdict(totalOf(r.commands) <= 3)} · ${Math.round(r.ms)} ms · total ${fmt(r.result.total)} (${perOperation(r.commands, 1, 'page')})`,
      );
    }
    const counted = await timed(() => countQueue(admin));
    out(`  countQueue (admin)                 ${totalOf(counted.commands)} command · ${Math.round(counted.ms)} ms`);

    const file = sink();
    const csvBefore = process.memoryUsage().rss;
    let csvPeak = csvBefore;
    const sampler = setInterval(() => (csvPeak = Math.max(csvPeak, process.memoryUsage().rss)), 20);
    const half = { communes: Array.from({ length: COMMUNES / 2 }, (_, i) => codeOf(i)) };
    const r = await timed(() => exportForPolice(admin, half, 'csv', file.stream, rt.sealer));
    clearInterval(sampler);
    const perThousand = (totalOf(r.commands) / r.result.rows) * 1000;
    out(
      `  export csv   ${fmt(r.result.rows)} rows, ${fmt(Math.round(file.bytes() / 1024))} KB in ${seconds(r.ms)} · ${perThousand.toFixed(2)} commands per 1,000 rows ${verdict(perThousand <= 3)} (${perOperation(r.commands, r.result.rows / 1000, '1,000 rows')}) · this process grew ${mb(csvPeak - csvBefore)} MB (it held ${mb(csvBefore)} MB from seeding)`,
    );
    // The export's own memory: the rest, as an officer runs it, in a process that did nothing else.
    const xlsx = path.join(dir, 'police.xlsx');
    const cliEnv = {
      ...process.env,
      DATABASE_NAME: config.DATABASE_NAME,
      DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY,
      MONGODB_URI: rt.database.uri,
      MONGODB_KIND: rt.database.kind,
      LOG_LEVEL: 'warn',
    };
    // What the same command line holds without exporting: tsx, the libraries, the runtime and its connection.
    const cliArgs = [...process.execArgv, path.join(ROOT, 'scripts/cli.ts')];
    const bare = await peakOfProcess(process.execPath, [...cliArgs, 'officers', 'list'], cliEnv);
    // Two quarters: as an officer runs it, then with V8's old space capped at 64 MB, which shows how
    // much of the first figure is garbage V8 had not yet needed to collect rather than what the export holds.
    const quarters = [
      { label: 'as run', nodeFlags: [] as string[], first: COMMUNES / 2 },
      { label: 'old space capped at 64 MB', nodeFlags: ['--max-old-space-size=64'], first: (COMMUNES * 3) / 4 },
    ];
    for (const q of quarters) {
      const cli = await peakOfProcess(
        process.execPath,
        [
          ...q.nodeFlags,
          ...cliArgs,
          'verification',
          'export',
          '--out',
          xlsx,
          ...Array.from({ length: COMMUNES / 4 }, (_, i) => ['--commune', codeOf(q.first + i)]).flat(),
        ],
        cliEnv,
      );
      out(
        `  export xlsx  ${fmt(RECORDS / 4)} records through \`npm run cli -- verification export\` in its own process, ${q.label}: ${fmt(Math.round(fs.statSync(xlsx).size / 1024))} KB in ${seconds(cli.ms)} · peak RSS ${mb(cli.peak)} MB ${verdict(cli.peak < 200 * 1048576)} (exit ${cli.code}; \`officers list\` alone peaks at ${mb(bare.peak)} MB)`,
      );
    }
  } finally {
    await rt.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
