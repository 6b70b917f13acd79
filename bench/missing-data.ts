/**
 * Missing-data benchmark (issue 18, "Speed"): over one province of MISSING_BENCH_RECORDS records
 * (default 100,000, in 100 communes), the report, a page of the list and the XLSX download as a
 * province administrator — database commands per request (driver command monitoring), times, and
 * the peak RSS of this process while the workbook streams. Printed, not asserted.
 *
 *   npm run bench:missing-data       # MISSING_BENCH_RECORDS=20000 for a smaller province
 *
 * Records are written straight through the beneficiaries repository in batches (no import, no
 * sealing: the numbers are placeholders), so the set-up measures nothing of the product.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beneficiaries } from '../models/beneficiary.js';
import { communes } from '../models/commune.js';
import { createLogger } from '../services/log.js';
import { missingDataList, missingDataReport } from '../services/officers/missing-data.js';
import { writeMissingDataXlsx } from '../services/officers/missing-data-xlsx.js';
import type { Acting } from '../services/officers/scope.js';
import { communeIdFor } from '../services/register/communes.js';
import { missingFields } from '../services/register/missing-fields.js';
import { perOperation, totalOf } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { fmt, machineLine, out, runMain, seconds, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';

const RECORDS = wholeEnv('MISSING_BENCH_RECORDS', 100_000, 1_000, 1_000_000);
const COMMUNES = 100;
const BATCH = 4_000;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/** A deterministic pseudo-random share per record and field, so every run writes the same register. */
const share = (i: number, salt: string) =>
  crypto.createHash('md5').update(`${salt}${i}`).digest().readUInt16BE(0) / 65536;

function aRecord(i: number) {
  const communeCode = String(10001 + (i % COMMUNES));
  const facts = {
    nationalId: share(i, 'id') < 0.03 ? String(100_000_000 + i) : String(1_000_000_000_00 + i).padStart(12, '0'),
    gender: share(i, 'g') < 0.01 ? null : 'female',
    ethnicity: share(i, 'e') < 0.02 ? null : 'Kinh',
    decisionNumber: share(i, 'd') < 0.2 ? null : '15/QĐ-UBND',
    decisionDate: '2024-02-01',
    phone: null,
    guardian: null,
  };
  const hasAccount = share(i, 'a') >= 0.1;
  return {
    _id: crypto.createHash('sha256').update(`bench-record-${i}`).digest('hex').slice(0, 24),
    nationalId: { sealed: 'bench', index: `bench-${i}`, last4: facts.nationalId.slice(-4) },
    fullName: `Nguyễn Văn ${i}`,
    dateOfBirth: '1950-01-01',
    gender: facts.gender as 'female' | null,
    ethnicity: facts.ethnicity,
    phone: null,
    provinceCode: '01',
    communeCode,
    category: 'social_assistance',
    decisionNumber: facts.decisionNumber,
    decisionDate: facts.decisionDate,
    monthlyAmount: 500_000,
    paymentMethod: 'bank',
    status: (share(i, 's') < 0.02 ? 'deceased' : 'active') as 'active' | 'deceased',
    guardian: null,
    phoneBlindIndex: null,
    guardianPhoneBlindIndex: null,
    missing: missingFields(facts, hasAccount),
    contentHash: 'bench',
  };
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-missing-'));
  const config = benchConfig(tmp, ROOT);
  const rt = await startBenchRuntime(config, createLogger(config.LOG_LEVEL), {
    jobs: false,
    persistent: false,
    root: ROOT,
  });
  try {
    out(`Missing-data benchmark — ${machineLine()}`);
    out(`Database: ${rt.database.description}`);
    await communes.insertMany(
      Array.from({ length: COMMUNES }, (_, c) => {
        const code = String(10001 + c);
        return {
          id: communeIdFor(code),
          code,
          name: `Xã Thử ${c + 1}`,
          provinceCode: '01',
          legacyDistrict: null,
          address: null,
          officeHours: null,
        };
      }),
    );
    const t0 = performance.now();
    for (let from = 0; from < RECORDS; from += BATCH)
      await beneficiaries.sync(Array.from({ length: Math.min(BATCH, RECORDS - from) }, (_, k) => aRecord(from + k)));
    out(`Set-up: ${fmt(RECORDS)} records in ${COMMUNES} communes written in ${seconds(performance.now() - t0)}`);

    const acting: Acting = {
      scope: { role: 'province_admin', officerId: 'f'.repeat(24), name: 'bench', provinceCode: '01', communeCodes: [] },
      entryPoint: 'miniapp',
      now: () => new Date(),
    };
    const timed = async <T>(label: string, work: () => Promise<T>, describe: (r: T) => string) => {
      const start = performance.now();
      const { result, commands } = await rt.commands.during(work);
      out(
        `${label}: ${seconds(performance.now() - start)}, ${totalOf(commands)} commands (${perOperation(commands, 1, 'request')}) — ${describe(result)}`,
      );
      return result;
    };

    await timed(
      'Report (province, 100 communes)',
      () => missingDataReport(acting),
      (r) => `${fmt(r.totals.active)} active, ${fmt(r.totals.missingAny)} missing something`,
    );
    await timed(
      'Report again (warm)',
      () => missingDataReport(acting),
      (r) => `${r.communes.length} communes`,
    );
    await timed(
      'List page 1 (50, any field)',
      () => missingDataList(acting),
      (r) => `${fmt(r.total)} records in the list`,
    );
    await timed(
      'List page 100 (50, any field)',
      () => missingDataList(acting, { page: 100 }),
      (r) => `${r.items.length} items`,
    );
    await timed(
      'List page 1 (50, gender)',
      () => missingDataList(acting, { field: 'gender' }),
      (r) => `${fmt(r.total)} records`,
    );

    const file = path.join(tmp, 'missing.xlsx');
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const { result, commands } = await rt.commands.during(() =>
      writeMissingDataXlsx(acting, {}, fs.createWriteStream(file)),
    );
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const rows = result.rows;
    out(
      `XLSX: ${fmt(rows)} rows in ${seconds(performance.now() - start)}, ${mb(fs.statSync(file).size)} file, ${totalOf(commands)} commands = ${perOperation(commands, rows / 1000, '1,000 rows')}`,
    );
    out(`XLSX peak RSS of this process: ${mb(peak)} (${mb(baseline)} before; target < 200 MB)`);
    return 0;
  } finally {
    await rt.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
