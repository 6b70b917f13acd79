/**
 * What the sending benches share (bench/notifications.ts, bench/broadcast-send.ts): the recipients'
 * chats, personal notices arriving during a bulk run, the worker's and the database's usage over
 * the measured stretch, and the figures read off the fake Bot API afterwards.
 */
import os from 'node:os';
import mongoose from 'mongoose';
import { chats } from '../../models/chat.js';
import { oid } from '../../models/ids.js';
import { chatIdFor } from '../../services/linking/chats.js';
import { enqueue } from '../../services/notifications/outbox.js';
import type { FakeTelegram } from '../../test/fakes/telegram-bot-api.js';
import { aPaidNotice } from '../../test/support/notify.js';
import { perOperation, totalOf } from './commands.js';
import { cpuOf, databaseChildPids } from './processes.js';
import { out, percentile, verdict } from './report.js';
import { usageBetween, type CountedWorker, type WorkerUsage } from './worker.js';

export const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** The first claims and the worker's warm-up are left out of the steady rate. */
export const STEADY_AFTER_MS = 5000;
/** How often a personal notice arrives during a bulk run. */
export const PERSONAL_EVERY_MS = 250;

/** The recipients' chats, as linking leaves them (notices go only to chats that exist), in one insert. */
export async function seedChats(chatIds: number[]): Promise<void> {
  const now = new Date();
  await mongoose.connection.collection('chats').insertMany(
    chatIds.map((id) => ({
      _id: oid(chatIdFor({ channel: 'telegram', chatId: String(id) })),
      channel: 'telegram',
      chatId: String(id),
      lang: 'vi',
      beneficiaryIds: [],
      pending: null,
      failures: null,
      lockedUntil: null,
      blockedAt: null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

/** A personal notice to a chat of its own, each call; when it was enqueued, to measure its delay. */
export class PersonalNotices {
  readonly enqueued: { chat: number; at: number }[] = [];
  constructor(
    private nextChat: number,
    private readonly eventKey: string,
  ) {}
  async sendOne(): Promise<void> {
    const chat = this.nextChat++;
    await chats.open(chatIdFor({ channel: 'telegram', chatId: String(chat) }), 'telegram', String(chat));
    this.enqueued.push({ chat, at: Date.now() });
    await enqueue([aPaidNotice(chat, this.eventKey)]);
  }
}

const databaseCpu = () =>
  databaseChildPids()
    .map(cpuOf)
    .reduce((a, b) => a + b, 0);

type Mark = { sent: number; worker: WorkerUsage; db: number; bench: NodeJS.CpuUsage };

/**
 * Usage counted from the first delivery, so the worker's start-up (compiling TypeScript,
 * connecting, building indexes) is left out: `mark()` once the fake has a message, `end()` after
 * the last.
 */
export class UsageWindow {
  private first: Mark | null = null;
  constructor(
    private readonly fake: FakeTelegram,
    private readonly worker: CountedWorker,
  ) {}
  get started(): boolean {
    return this.first !== null;
  }
  async mark(): Promise<void> {
    if (this.first || !this.fake.sent.length) return;
    this.first = {
      sent: this.fake.sent.length,
      worker: await this.worker.measure(),
      db: databaseCpu(),
      bench: process.cpuUsage(),
    };
  }
  async end(): Promise<SendUsage> {
    if (!this.first) throw new Error(`the worker sent nothing:\n${this.worker.log()}`);
    const last = await this.worker.measure();
    const bench = process.cpuUsage(this.first.bench);
    return {
      sent: this.fake.sent.length - this.first.sent,
      worker: usageBetween(this.first.worker, last),
      workerMaxRssMb: last.maxRssMb,
      dbCpuMs: (databaseCpu() - this.first.db) * 1000,
      benchCpuMs: (bench.user + bench.system) / 1000,
    };
  }
}

/** What the measured stretch cost: the worker's commands and CPU, the database's CPU, this process's (the fake's). */
export type SendUsage = {
  sent: number;
  worker: WorkerUsage;
  workerMaxRssMb: number;
  dbCpuMs: number;
  benchCpuMs: number;
};

/** The figures read off the fake after a bulk run. */
export type SendFigures = {
  bulk: number;
  personal: number;
  firstAt: number;
  lastAt: number;
  steadyRate: number;
  share: number;
  tooMany: number;
  steady429: number;
  maxInAnySecond: number;
  delays: number[];
  enqueued: number;
};

/**
 * Share of the limit in steady state (every message the fake accepted from STEADY_AFTER_MS after
 * the first bulk one to the last: the limit counts personal ones too), 429s, personal delays.
 */
export function sendFigures(
  fake: FakeTelegram,
  limit: number,
  isBulk: (chat: number) => boolean,
  personal: PersonalNotices,
  start: number,
): SendFigures {
  const bulkTimes = fake.sent
    .filter((m) => isBulk(m.chat_id))
    .map((m) => m.at)
    .sort((a, b) => a - b);
  const allTimes = fake.sent.map((m) => m.at).sort((a, b) => a - b);
  const firstAt = bulkTimes[0] ?? start;
  const lastAt = bulkTimes[bulkTimes.length - 1] ?? start;
  const steady = allTimes.filter((t) => t >= firstAt + STEADY_AFTER_MS && t <= lastAt);
  const steadyRate = steady.length > 1 ? (steady.length - 1) / ((steady[steady.length - 1]! - steady[0]!) / 1000) : NaN;
  const tooMany = fake.calls.filter((c) => c.error?.code === 429);
  const delivered = new Map(fake.sent.map((m) => [m.chat_id, m.at]));
  const delays = personal.enqueued
    .filter((p) => delivered.has(p.chat))
    .map((p) => delivered.get(p.chat)! - p.at)
    .sort((a, b) => a - b);
  return {
    bulk: bulkTimes.length,
    personal: allTimes.length - bulkTimes.length,
    firstAt,
    lastAt,
    steadyRate,
    share: (steadyRate / limit) * 100,
    tooMany: tooMany.length,
    steady429: tooMany.filter((c) => c.at >= firstAt + STEADY_AFTER_MS).length,
    maxInAnySecond: fake.maxMessagesInAnyWindow(1000),
    delays,
    enqueued: personal.enqueued.length,
  };
}

/** The delivery lines every sending bench prints: counts, rate, 429s, personal delays, commands and CPU. */
export function printSendFigures(f: SendFigures, u: SendUsage, wallMs: number, opts: { cpuShares: boolean }): void {
  out(
    `  delivered       ${fmt(f.bulk)} bulk + ${fmt(f.personal)} personal in ${fmt((f.lastAt - f.firstAt) / 1000, 1)} s (${fmt(wallMs / 1000, 1)} s from the worker's start)`,
  );
  out(`  rate (steady)   ${fmt(f.steadyRate, 1)} messages/s = ${fmt(f.share, 1)} % of the limit`);
  out(
    `  429s            ${f.tooMany} (${f.steady429} in steady state); most in any 1 s at the fake: ${f.maxInAnySecond}`,
  );
  out(
    `  personal        ${f.delays.length}/${f.enqueued} delivered during the run: p50 ${fmt(percentile(f.delays, 50))} ms, p95 ${fmt(percentile(f.delays, 95))} ms`,
  );
  out(
    `  commands        ${perOperation(u.worker.commands, u.sent, 'notice')} — the worker's, over ${fmt(u.sent)} notices`,
  );
  out(
    `  CPU per notice  worker ${fmt(u.worker.cpuMs / u.sent, 2)} ms (${fmt((100 * u.worker.systemMs) / (u.worker.cpuMs || 1))} % in the kernel) · database ${fmt(u.dbCpuMs / u.sent, 2)} ms · fake and bench ${fmt(u.benchCpuMs / u.sent, 2)} ms`,
  );
  const cpuTotal = u.worker.cpuMs + u.dbCpuMs + u.benchCpuMs;
  if (opts.cpuShares && cpuTotal > 0)
    out(
      `  CPU shares      worker ${fmt((100 * u.worker.cpuMs) / cpuTotal)} % · database ${fmt((100 * u.dbCpuMs) / cpuTotal)} % · fake and bench ${fmt((100 * u.benchCpuMs) / cpuTotal)} % of ${fmt(cpuTotal / 1000, 1)} CPU-s over ${fmt((f.lastAt - f.firstAt) / 1000, 1)} s on ${os.cpus().length} cores`,
    );
}

/** Commands and worker CPU per notice, for the verdict lines. */
export const perNotice = (u: SendUsage) => ({
  commands: totalOf(u.worker.commands) / u.sent,
  workerCpuMs: u.worker.cpuMs / u.sent,
});

/** A target line: the figure against it. */
export const targetLine = (what: string, ok: boolean, note = '') =>
  out(`  target          ${what}: ${verdict(ok)}${note}`);
