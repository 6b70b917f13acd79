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
import mongoose from 'mongoose';
import { stableId } from '../models/ids.js';
import { officers } from '../models/officer.js';
import { createBroadcast } from '../services/broadcasts/compose.js';
import { runBroadcastPass } from '../services/broadcasts/job.js';
import { DEFAULT_BROADCAST_POLICY } from '../services/broadcasts/policy.js';
import { chatIdFor, chatLinkIdFor, type ChatRef } from '../services/linking/chats.js';
import { createLogger } from '../services/log.js';
import type { Acting } from '../services/officers/scope.js';
import { saveCommunes } from '../services/register/communes.js';
import { perOperation, slowest, totalOf } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { cpuMsSince, fmt, machineLine, out, runMain, seconds, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';

const PEOPLE = wholeEnv('BROADCAST_BENCH_PEOPLE', 300_000, 1_000, 3_000_000);
const COMMUNES = 20;
const PROVINCE = '01';
/** Documents per insert while seeding. */
const SEED_BATCH = 5_000;

const oid = (hex: string) => new mongoose.Types.ObjectId(hex);
const communeCode = (i: number) => String(20_000 + (i % COMMUNES)).padStart(5, '0');

/** Writes records, chats and links straight into their collections, SEED_BATCH at a time. */
async function seed(): Promise<{ people: number; guardians: number }> {
  const db = mongoose.connection.db!;
  const epoch = Date.UTC(2026, 0, 1);
  let people = 0;
  let guardians = 0;
  for (let start = 0; start < PEOPLE; start += SEED_BATCH) {
    const records: Record<string, unknown>[] = [];
    const chatDocs = new Map<string, Record<string, unknown>>();
    const links: Record<string, unknown>[] = [];
    const link = (beneficiaryId: string, ref: ChatRef, relation: string, used: number) => {
      const id = chatIdFor(ref);
      chatDocs.set(id, {
        _id: oid(id),
        channel: ref.channel,
        chatId: ref.chatId,
        lang: used % 7 === 0 ? 'en' : 'vi',
        beneficiaryIds: [beneficiaryId],
        blockedAt: null,
        officerId: null,
        createdAt: new Date(epoch),
        updatedAt: new Date(epoch + used),
      });
      links.push({
        _id: oid(chatLinkIdFor(ref, beneficiaryId)),
        channel: ref.channel,
        chatId: ref.chatId,
        beneficiaryId,
        method: 'contact',
        relation,
        linkedAt: new Date(epoch),
      });
    };
    for (let i = start; i < Math.min(PEOPLE, start + SEED_BATCH); i++) {
      const id = stableId('bench-beneficiary', String(i));
      records.push({
        _id: oid(id),
        nationalId: { sealed: 'x', index: `bench-${i}`, last4: '0000' },
        fullName: `Người hưởng ${i}`,
        provinceCode: PROVINCE,
        communeCode: communeCode(i),
        category: 'social_assistance',
        status: i % 100 === 99 ? 'deceased' : 'active',
        missing: [],
        version: 1,
      });
      link(id, { channel: 'telegram', chatId: String(100_000_000 + i) }, 'self', i);
      if (i % 10 === 0) link(id, { channel: 'zalo', chatId: `z${i}` }, 'self', i + 1);
      // A guardian of this record and the one before it: one chat, one copy.
      if (i % 50 === 1)
        link(stableId('bench-beneficiary', String(i - 1)), { channel: 'telegram', chatId: `g${i}` }, 'authorized', i);
      if (i % 50 === 1) link(id, { channel: 'telegram', chatId: `g${i}` }, 'authorized', i);
      if (i % 50 === 1) guardians += 1;
      if (i % 100 !== 99) people += 1;
    }
    await db.collection('beneficiaries').insertMany(records, { ordered: false });
    await db
      .collection('chats')
      .insertMany([...chatDocs.values()], { ordered: false })
      .catch(() => undefined);
    await db.collection('chat_links').insertMany(links, { ordered: false });
  }
  return { people, guardians };
}

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
    await saveCommunes(
      Array.from({ length: COMMUNES }, (_, i) => ({
        code: communeCode(i),
        name: `Xã ${i}`,
        provinceCode: PROVINCE,
        legacyDistrict: null,
      })),
      { sealer: rt.sealer, entryPoint: 'import', actor: 'bench' },
    );
    const adminId = stableId('bench-admin');
    await officers.insertIfAbsent({
      id: adminId,
      name: 'Quản trị tỉnh',
      phone: { sealed: 'x', index: 'bench-admin', last4: '0000' },
      role: 'province_admin',
      provinceCode: PROVINCE,
      communeCodes: [],
    });
    const { people, guardians } = await seed();
    const seedMs = performance.now() - seedStart;
    out(`Broadcast expansion: ${fmt(PEOPLE)} records in ${COMMUNES} communes of one province`);
    out(`  machine         ${machineLine()}`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(`  seeded in       ${seconds(seedMs)} (records, chats and links written straight into their collections)`);
    out(
      `  RSS before      ${Math.round(process.memoryUsage.rss() / 1024 / 1024)} MB (this process: Node, the driver, the service's modules)`,
    );

    const now = new Date('2026-11-20T03:00:00Z'); // 10:00 in Vietnam
    const acting: Acting = {
      scope: { role: 'province_admin', officerId: adminId, name: 'bench', provinceCode: PROVINCE, communeCodes: [] },
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
