/**
 * Reminder-pass benchmark (issue 19, "Speed"): a country of REMINDER_BENCH_COMMUNES communes
 * (default 3,321, spread over the 34 provinces) with two commune officers each and one province
 * administrator per province, every officer with a Telegram chat. Three passes, as Agenda runs them:
 * the first of a month (it creates the month's tasks, then 5-days-before reminders), the same instant
 * again (nothing new), and a day when every commune is late (overdue notices and the province
 * digests). Prints time, our CPU, database commands per commune (target ≤ 2) and notices created;
 * asserts nothing (exit 1 only on a crash).
 *
 *   npm run bench:reminders          # REMINDER_BENCH_COMMUNES=500 for a smaller country
 *
 * Officers and chats are written through their repositories (the set-up measures nothing of the pass).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chats } from '../models/chat.js';
import { officers } from '../models/officer.js';
import { allProvinces } from '../models/provinces.js';
import { chatIdFor } from '../services/linking/chats.js';
import { createLogger } from '../services/log.js';
import { officerIdFor } from '../services/officers/identity.js';
import { saveCommunes } from '../services/register/communes.js';
import { runReminderPass, type PassResult } from '../services/reminders/pass.js';
import { DEFAULT_REMINDER_POLICY } from '../services/reminders/slots.js';
import { perOperation, slowest, totalOf } from './support/commands.js';
import { benchConfig, ROOT } from './support/config.js';
import { cpuMsSince, fmt, machineLine, out, runMain, seconds, verdict, wholeEnv } from './support/report.js';
import { startBenchRuntime } from './support/runtime.js';

const COMMUNES = wholeEnv('REMINDER_BENCH_COMMUNES', 3_321, 34, 20_000);
const OFFICERS_PER_COMMUNE = 2;
// Officers and chats are written this many at a time: the set-up, not the pass, would otherwise take minutes.
const AT_ONCE = 32;

const provinces = allProvinces().map((p) => p.code);
const provinceOf = (i: number) => provinces[i % provinces.length]!;
const communeCode = (i: number) => String(10_000 + i).padStart(5, '0');

/** An officer with one Telegram chat, as joining leaves them (the phone is a placeholder, never read). */
async function addOfficer(
  rt: { sealer: Parameters<typeof officerIdFor>[0] },
  n: number,
  role: 'commune_officer' | 'province_admin',
  provinceCode: string,
  communeCodes: string[],
) {
  const phone = `+8491${String(n).padStart(7, '0')}`;
  const chat = { channel: 'telegram' as const, chatId: String(900_000_000 + n) };
  await chats.open(chatIdFor(chat), chat.channel, chat.chatId);
  await officers.insertIfAbsent({
    id: officerIdFor(rt.sealer, phone),
    name: `Cán bộ ${n}`,
    phone: { sealed: crypto.randomBytes(8).toString('hex'), index: `bench-${n}`, last4: phone.slice(-4) } as never,
    role,
    provinceCode,
    communeCodes,
    chats: [chat],
  });
}

async function inBatches(count: number, work: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i += AT_ONCE)
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, count - i) }, (_, k) => work(i + k)));
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-reminders-'));
  const config = benchConfig(dir, ROOT);
  const rt = await startBenchRuntime(config, createLogger('warn'), { jobs: false, persistent: false });
  try {
    const seedStart = performance.now();
    await saveCommunes(
      Array.from({ length: COMMUNES }, (_, i) => ({
        code: communeCode(i),
        name: `Xã ${i}`,
        provinceCode: provinceOf(i),
        legacyDistrict: null,
      })),
      { sealer: rt.sealer, entryPoint: 'import', actor: 'bench' },
    );
    await inBatches(COMMUNES * OFFICERS_PER_COMMUNE, (n) =>
      addOfficer(rt, n, 'commune_officer', provinceOf(n % COMMUNES), [communeCode(n % COMMUNES)]),
    );
    await inBatches(provinces.length, (p) =>
      addOfficer(rt, COMMUNES * OFFICERS_PER_COMMUNE + p, 'province_admin', provinces[p]!, []),
    );
    const seedMs = performance.now() - seedStart;

    out(
      `Reminder pass: ${fmt(COMMUNES)} communes in ${provinces.length} provinces, ${OFFICERS_PER_COMMUNE} officers each`,
    );
    out(`  machine         ${machineLine()}`);
    out(`  database        ${rt.database.kind}: ${rt.database.description}`);
    out(
      `  seeded in       ${seconds(seedMs)} (communes, ${fmt(COMMUNES * OFFICERS_PER_COMMUNE + provinces.length)} officers and chats)`,
    );
    // December 2026: monthly changes are due Monday 21/12 (the 20th is a Sunday), the payment list Friday 25/12.
    const passes: [string, string, string][] = [
      ['first of the month (tasks made, 5 days before)', '2026-12-16T08:00+07:00', 'one reminder per officer'],
      ['the same instant again', '2026-12-16T08:00+07:00', 'nothing new'],
      [
        'every commune late (overdue + digests)',
        '2026-12-29T08:00+07:00',
        'two overdue notices per officer, a digest per administrator',
      ],
    ];
    for (const [label, instant, expected] of passes) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const {
        result,
        commands,
        ms: dbMs,
      } = await rt.commands.during<PassResult>(() => runReminderPass(new Date(instant), DEFAULT_REMINDER_POLICY));
      const ms = performance.now() - started;
      const perCommune = totalOf(commands) / COMMUNES;
      out(`  pass: ${label}`);
      out(
        `    ${seconds(ms)} · our CPU ${seconds(cpuMsSince(cpu))} · ${fmt(totalOf(commands))} commands = ${perCommune.toFixed(3)} per commune ${verdict(perCommune <= 2)} (${perOperation(commands, COMMUNES, 'commune')})`,
      );
      out(`    database time by command: ${slowest(dbMs)}`);
      out(
        `    created ${fmt(result.created)} notices (${fmt(result.communes)} communes, ${fmt(result.digests)} digests); expected ${expected}`,
      );
    }
    out(`  peak RSS        ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (this process, set-up included)`);
    return 0;
  } finally {
    await rt.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
