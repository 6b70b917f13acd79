/**
 * Broadcast expansion benchmark (issue 20, "Speed"): a province of BROADCAST_BENCH_PEOPLE records
 * (default 300,000) in 20 communes, each linked to a Telegram chat, one in ten also to a Zalo chat
 * with the same relation (the same person: one copy), one in fifty guardians following a second
 * record (one copy). A whole-province broadcast to beneficiaries is created (its preview is one pass
 * over the audience) and expanded into notices by the pass, as the Agenda job runs it. Prints, for
 * each: time, our CPU, database commands per 1,000 recipients (target ≤ 3 for the expansion), the
 * peak RSS sampled while it ran (target < 300 MB) and the database used; asserts nothing (exit 1
 * only on a crash).
 *
 *   npm run bench:broadcast          # BROADCAST_BENCH_PEOPLE=50000 for a smaller province
 *
 * The register is written straight into its collections (the set-up measures nothing of the broadcast).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createBroadcast } from '../services/broadcasts/compose.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import { DEFAULT_BROADCAST_POLICY } from '../services/broadcasts/policy.js';
import { createLogger } from '../services/log.js';
import type { Acting } from '../services/officers/scope.js';
import { BENCH_COMMUNES, BENCH_PROVINCE, seedProvince, seedRegister } from './support/broadcast-register.js';
import { perOperation, slowest, totalOf } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { cpuMsSince, fmt, machineLine, out, runMain, seconds, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';

const PEOPLE = wholeEnv('BROADCAST_BENCH_PEOPLE', 300_000, 1_000, 3_000_000);

// A full collection before each measured phase, so one phase's garbage is not counted in the next one's peak.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Runs `work` after a full garbage collection, sampling this process's RSS and the live JavaScript
 * heap every 20 ms; returns their peaks and the RSS it started from, in MB.
 */
async function withPeakMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; startMb: number; peakMb: number; heapMb: number }> {
  collectGarbage();
  const start = process.memoryUsage();
  let peak = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, startMb: mb(start.rss), peakMb: mb(peak), heapMb: mb(heap) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-broadcast-'));
  const config = benchConfig(dir, ROOT);
  const rt = await startBenchRuntime(config, createLogger('warn'), { jobs: false, persistent: false });
  try {
    const seedStart = performance.now();
    const [adminId] = await seedProvince(rt.sealer, 1);
    const { people, guardians } = await seedRegister({ people: PEOPLE, telegramBase: 100_000_000, mixed: true });
    const seedMs = performance.now() - seedStart;
    out(`Broadcast expansion: ${fmt(PEOPLE)} records in ${BENCH_COMMUNES} communes of one province`);
    out(`  machine         ${machineLine()}`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(`  seeded in       ${seconds(seedMs)} (records, chats and links written straight into their collections)`);
    out(
      `  RSS before      ${Math.round(process.memoryUsage.rss() / 1024 / 1024)} MB (this process: Node, the driver, the service's modules)`,
    );

    const now = new Date('2026-11-20T03:00:00Z'); // 10:00 in Vietnam
    const acting: Acting = {
      scope: {
        role: 'province_admin',
        officerId: adminId!,
        name: 'bench',
        provinceCode: BENCH_PROVINCE,
        communeCodes: [],
      },
      entryPoint: 'cli',
      now: () => now,
    };
    // The bench measures the expansion, not the four-eyes step: no approval above any number.
    const policy = { ...DEFAULT_BROADCAST_POLICY, approvalThreshold: Number.MAX_SAFE_INTEGER };
    const input = {
      who: 'beneficiaries',
      message: { vi: { title: 'Lịch chi trả tháng 12', body: 'Trợ cấp tháng 12 được chi từ ngày 05/12.' } },
    };

    let cpu = process.cpuUsage();
    let started = performance.now();
    const created = await withPeakMemory(() => rt.commands.during(() => createBroadcast(acting, input, policy)));
    const preview = created.result.result.preview;
    out(`  create (preview: one pass over the audience)`);
    out(
      `    ${seconds(performance.now() - started)} · our CPU ${seconds(cpuMsSince(cpu))} · peak RSS ${created.peakMb} MB (from ${created.startMb}), live heap at most ${created.heapMb} MB · ${fmt(totalOf(created.result.commands))} commands = ${((totalOf(created.result.commands) * 1000) / Math.max(1, preview.people)).toFixed(2)} per 1,000 recipients`,
    );
    out(
      `    ${fmt(preview.people)} people (expected ${fmt(people + guardians)}: each record not ended, its Zalo chat the same person, and ${fmt(guardians)} guardians of two records once each), chats ${JSON.stringify(preview.chats)}, languages ${JSON.stringify(preview.languages)}, estimate ${seconds(preview.estimate.seconds * 1000)} at 30/s`,
    );

    cpu = process.cpuUsage();
    started = performance.now();
    const pass = await withPeakMemory(() => rt.commands.during(() => runBroadcastPass(now, policy)));
    const ms = performance.now() - started;
    const notices = pass.result.result.notices;
    const per1000 = (totalOf(pass.result.commands) * 1000) / Math.max(1, notices);
    out(`  expansion (the pass: pages of ${fmt(policy.pageSize)} records)`);
    out(
      `    ${seconds(ms)} · our CPU ${seconds(cpuMsSince(cpu))} · ${fmt(notices)} notices · ${fmt(Math.round(notices / (ms / 1000)))} per second`,
    );
    out(
      `    ${fmt(totalOf(pass.result.commands))} commands = ${per1000.toFixed(2)} per 1,000 recipients ${verdict(per1000 <= 3)} (${perOperation(pass.result.commands, notices / 1000, '1,000')})`,
    );
    out(
      `    peak RSS ${pass.peakMb} MB ${verdict(pass.peakMb < 300)} (this process, from ${pass.startMb} MB after a full collection; sampled every 20 ms), live heap at most ${pass.heapMb} MB`,
    );
    out(`    database time by command: ${slowest(pass.result.ms)}`);
    return 0;
  } finally {
    await rt.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
