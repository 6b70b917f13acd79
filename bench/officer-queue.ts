/**
 * Officers' verification bench (issue 18, "Speed"): a province of BENCH_RECORDS (default 100,000)
 * records with account details waiting, written in batches through the register's save function
 * (no file parsing), then the queue and the police export: database commands per queue page
 * (target ≤ 3 reads), per 1,000 exported rows (target ≤ 3), the export's peak RSS (< 200 MB), times
 * and the database. Prints; asserts nothing (exit 1 only on a crash).
 *
 *   npm run bench:officers            # BENCH_RECORDS=20000 npm run bench:officers for a smaller run
 */
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
import { totalOf, perOperation, type CommandCounts } from './support/commands.js';
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

/** Discards the file, counting its bytes, and samples this process's RSS meanwhile. */
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
    const reads = (c: CommandCounts) => totalOf(c) - (c['insert audit_log'] ?? 0);

    out(`Officers' verification work: ${fmt(RECORDS)} records in one province, ${COMMUNES} communes`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(`  seeded in       ${seconds(seedMs)} (saveBeneficiaries, ${fmt(BATCH)} per batch)`);
    const pages = [
      ['province admin, page 1', () => verificationQueue(admin)],
      ['province admin, page 100', () => verificationQueue(admin, { page: 100 })],
      ['commune officer, page 1', () => verificationQueue(communeOfficer)],
      ['admin, one commune filter', () => verificationQueue(admin, { communes: [codeOf(1)] })],
    ] as const;
    for (const [label, work] of pages) {
      const r = await timed(work);
      out(
        `  queue ${label.padEnd(26)} ${reads(r.commands)} reads + audit ${verdict(reads(r.commands) <= 3)} · ${Math.round(r.ms)} ms · total ${fmt(r.result.total)} (${perOperation(r.commands, 1, 'page')})`,
      );
    }
    const counted = await timed(() => countQueue(admin));
    out(`  countQueue (admin)                 ${totalOf(counted.commands)} command · ${Math.round(counted.ms)} ms`);

    for (const [format, selection] of [
      ['csv', { communes: Array.from({ length: COMMUNES / 2 }, (_, i) => codeOf(i)) }],
      ['xlsx', {}],
    ] as const) {
      const file = sink();
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const r = await timed(() => exportForPolice(admin, selection, format, file.stream, rt.sealer));
      clearInterval(sampler);
      const perThousand = (totalOf(r.commands) / r.result.rows) * 1000;
      out(
        `  export ${format.padEnd(5)} ${fmt(r.result.rows)} rows, ${fmt(Math.round(file.bytes() / 1024))} KB in ${seconds(r.ms)} · ${perThousand.toFixed(2)} commands per 1,000 rows ${verdict(perThousand <= 3)} (${perOperation(r.commands, r.result.rows / 1000, '1,000 rows')}) · peak RSS ${Math.round(peak / 1048576)} MB ${verdict(peak < 200 * 1048576)}`,
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
