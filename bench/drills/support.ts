/**
 * What the fault drills share (bench/drills/*.ts): a bulk send of announcements to as many new
 * chats, `npm run worker` processes sending them through the loopback fake Bot API, and the count
 * that matters afterwards: deliveries per recipient at the fake, and the outbox's final statuses.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Config } from '../../services/config.js';
import { enqueue } from '../../services/notifications/outbox.js';
import type { FakeTelegram } from '../../test/fakes/telegram-bot-api.js';
import { anAnnouncement, messagesPerChat, startWorker } from '../../test/support/notify.js';
import { seedChats } from '../support/bulk-send.js';
import { benchConfig, ROOT } from '../support/config.js';
import { fmt, out, pause, seconds, wholeEnv } from '../support/report.js';

/** Recipient i's chat is CHAT_BASE + i. */
export const CHAT_BASE = 20_000_000;
/** The dispatcher's cap on sends whose outcome is not stored yet (MAX_UNSETTLED): what one crash may repeat. */
export const CRASH_WINDOW = 64;

/** The settings every drill reads from the environment. */
export type DrillSettings = { messages: number; rate: number; claimTimeoutMs: number; sweepEveryMs: number };

/** `claimTimeoutMs`: the drill's default for NOTIFY_CLAIM_TIMEOUT_MS (the product's is 60 s). */
export function drillSettings(defaults: { claimTimeoutMs: number }): DrillSettings {
  return {
    messages: wholeEnv('DRILL_MESSAGES', 10_000, 10, 1_000_000),
    rate: wholeEnv('DRILL_RATE', 300, 1, 1000),
    claimTimeoutMs: wholeEnv('DRILL_CLAIM_TIMEOUT_MS', defaults.claimTimeoutMs, 500, 3_600_000),
    sweepEveryMs: wholeEnv('DRILL_SWEEP_EVERY_MS', 1000, 200, 3_600_000),
  };
}

/** A fresh throw-away folder and configuration (a random database name and key). */
export function drillConfig(prefix: string): { dataDir: string; config: Config; cleanUp: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tas-drill-${prefix}-`));
  return {
    dataDir,
    config: benchConfig(dataDir, ROOT),
    cleanUp: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Stores the recipients' chats and one announcement to each, in batches of 1,000. */
export async function enqueueBulk(count: number, eventKey: string): Promise<void> {
  for (let i = 0; i < count; i += 1000) {
    const ids = Array.from({ length: Math.min(1000, count - i) }, (_, j) => CHAT_BASE + i + j);
    await seedChats(ids);
    await enqueue(ids.map((id) => anAnnouncement(id, eventKey)));
  }
}

/** Starts `npm run worker` on the drill's database, sending through the fake at the drill's rate. */
export function drillWorker(
  s: DrillSettings,
  db: { uri: string; kind: string },
  config: Config,
  dataDir: string,
  fake: FakeTelegram,
  extra: Record<string, string> = {},
): ReturnType<typeof startWorker> {
  return startWorker({
    MONGODB_URI: db.uri,
    MONGODB_KIND: db.kind,
    DATABASE_NAME: config.DATABASE_NAME,
    DATA_ENCRYPTION_KEY: config.DATA_ENCRYPTION_KEY!,
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MESSAGES_PER_SECOND: String(s.rate),
    ...(s.rate > 30 ? { TELEGRAM_PAID_BROADCAST: 'on' } : {}),
    NOTIFY_CLAIM_TIMEOUT_MS: String(s.claimTimeoutMs),
    NOTIFY_SWEEP_EVERY_MS: String(s.sweepEveryMs),
    JOBS_PROCESS_EVERY_MS: '500',
    // A worker killed mid-job leaves the sweeper's Agenda lock behind; another takes it after this.
    JOBS_LOCK_LIFETIME_MS: '10000',
    ...extra,
  });
}

/** Deliveries per recipient at the fake: how many got theirs, how many got more than one. */
export type Tally = { sent: number; recipients: number; duplicates: number; lost: number; mostToOne: number };

export function tally(fake: FakeTelegram, count: number): Tally {
  const per = messagesPerChat(fake);
  let duplicates = 0;
  let mostToOne = 0;
  for (const n of per.values()) {
    duplicates += n - 1;
    mostToOne = Math.max(mostToOne, n);
  }
  return { sent: fake.sent.length, recipients: per.size, duplicates, lost: count - per.size, mostToOne };
}

/** The outbox by status, and what its notices record: tries, recoveries by the sweeper. */
export type OutboxState = { statuses: Record<string, number>; attempts: number; recoveries: number };

export async function outboxState(): Promise<OutboxState> {
  // Summed here rather than by $group: FerretDB v1 answered a $sum over these fields with 0.
  const docs = await mongoose.connection
    .collection('notifications')
    .find({}, { projection: { _id: 0, status: 1, attempts: 1, recoveries: 1 } })
    .toArray();
  const statuses: Record<string, number> = {};
  let attempts = 0;
  let recoveries = 0;
  for (const d of docs) {
    statuses[d.status as string] = (statuses[d.status as string] ?? 0) + 1;
    attempts += Number(d.attempts ?? 0);
    recoveries += Number(d.recoveries ?? 0);
  }
  return { statuses, attempts, recoveries };
}

/** Whether nothing is left to send: no notice waiting or claimed. */
export const finished = (o: OutboxState) => !o.statuses.created && !o.statuses.sending;

/**
 * Waits until every recipient has a message and the outbox has nothing left to send (then no
 * further copy can go out), or the deadline passes; reads the outbox once a second.
 */
export async function waitForDrain(fake: FakeTelegram, count: number, deadline: number): Promise<OutboxState> {
  for (;;) {
    const reached = tally(fake, count).recipients >= count;
    const state = reached || Date.now() > deadline ? await outboxState().catch(() => null) : null;
    if (state && (finished(state) || Date.now() > deadline)) return state;
    await pause(reached ? 1000 : 250);
  }
}

/** Waits until at least `n` messages were delivered (or the worker exits, or the deadline passes). */
export async function waitForSent(
  fake: FakeTelegram,
  n: number,
  worker: ReturnType<typeof startWorker>,
  deadline: number,
): Promise<void> {
  while (fake.sent.length < n) {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null)
      throw new Error(`the worker exited before ${fmt(n)} messages:\n${worker.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${fmt(n)} messages not reached in time (${fmt(fake.sent.length)})`);
    await pause(20);
  }
}

/** When the last message reached the fake (epoch ms). */
export const lastDeliveryAt = (fake: FakeTelegram) => fake.sent.reduce((a, m) => Math.max(a, m.at), 0);

/** The first message the fake accepted at or after `t` (epoch ms), or NaN. */
export function firstDeliveryAfter(fake: FakeTelegram, t: number): number {
  const first = fake.sent.reduce((a, m) => (m.at >= t && m.at < a ? m.at : a), Infinity);
  return Number.isFinite(first) ? first - t : NaN;
}

/** The figures every drill prints, and its verdict: no recipient lost, duplicates within `allowed`. */
export function printOutcome(t: Tally, o: OutboxState, allowed: number, allowedWhy: string): boolean {
  out(`  sent            ${fmt(t.sent)} messages at the fake`);
  out(`  recipients      ${fmt(t.recipients)} reached (most to one: ${t.mostToOne})`);
  out(`  duplicates      ${fmt(t.duplicates)} (allowed: ${allowedWhy})`);
  out(`  lost            ${fmt(t.lost)}`);
  out(
    `  outbox          ${Object.entries(o.statuses)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}; tries recorded ${fmt(o.attempts)}; sweeper recoveries ${fmt(o.recoveries)}`,
  );
  const ok = t.lost === 0 && t.duplicates <= allowed && finished(o);
  out(
    `  verdict         ${ok ? 'PASS' : 'FAIL'}: ${t.lost === 0 ? 'nothing lost' : 'messages lost'}, ${t.duplicates <= allowed ? 'duplicates within what is allowed' : 'too many duplicates'}`,
  );
  return ok;
}

/** DRILL_WORKER_LOG=<file>: the workers' whole output is appended there (for finding out why a drill failed). */
export function keepWorkerLog(worker: ReturnType<typeof startWorker>): void {
  const file = process.env.DRILL_WORKER_LOG;
  if (file) void worker.exited.then(() => fs.appendFileSync(file, worker.output()));
}

/** A worker's log lines at warn or above, counted by message (what it said while the fault lasted). */
export function warnings(output: string): string {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 40) counts.set(entry.msg ?? '?', (counts.get(entry.msg ?? '?') ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return [...counts].map(([msg, n]) => `${n} × ${msg}`).join('; ') || 'none';
}

export { fmt, out, seconds };
/** A unique event key per run, so two runs on one database never share notices. */
export const runKey = (drill: string) => `drill-${drill}-${crypto.randomBytes(4).toString('hex')}`;
