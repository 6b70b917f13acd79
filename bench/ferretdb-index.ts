/**
 * FerretDB secondary-index pushdown benchmark (scripts/ferretdb/secondary-index-pushdown.patch):
 * for each FerretDB binary given, a fresh FerretDB on SQLite with N notification-like documents
 * of ~300 bytes (100,000 by default), indexes on {lane, status} and {beneficiaryId}, then the
 * time per query of an outbox read, a lookup by beneficiary and a conditional updateMany by _id.
 * Figures are printed, never asserted.
 *
 *   npx tsx bench/ferretdb-index.ts                                       # tools/bin/ferretdb
 *   npx tsx bench/ferretdb-index.ts /tmp/ferretdb-old tools/bin/ferretdb  # before / after
 *   BENCH_DOCS=20000 npx tsx bench/ferretdb-index.ts                      # a quick run
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { startFerretDb } from '../models/db/ferretdb.js';
import { ROOT } from './support/config.js';
import { out } from './support/report.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
/** Every 50th document is a created bulk notification spread through the table: 2,000 of 100,000. */
const BULK_EVERY = 50;
/** The last 2,000 documents are created digests: an outbox whose pending work is the newest. */
const DIGESTS = Math.min(2_000, Math.floor(DOCS / 10));
const BATCH = 1_000;
/** Each query repeats until this much time or this many runs, whichever comes first. */
const BUDGET_MS = 8_000;
const MAX_RUNS = 40;

function aDocument(i: number): Document {
  const digest = i >= DOCS - DIGESTS;
  const bulkCreated = !digest && i % BULK_EVERY === 0;
  return {
    _id: new ObjectId(),
    lane: digest ? 'digest' : bulkCreated || i % 2 === 0 ? 'bulk' : 'urgent',
    status: digest || bulkCreated ? 'created' : ['sent', 'delivered', 'failed'][i % 3],
    beneficiaryId: `b${String(i).padStart(9, '0')}`,
    channel: i % 4 === 0 ? 'zalo' : 'telegram',
    attempts: i % 3,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    text: `Tiền trợ cấp tháng này của bạn đã được chuyển. Kỳ ${(i % 12) + 1}/2026, số tiền 1.500.000 đồng, mã ${i}.`.padEnd(
      170,
      '.',
    ),
  };
}

async function fill(coll: Collection): Promise<void> {
  await coll.createIndex({ lane: 1, status: 1 });
  await coll.createIndex({ beneficiaryId: 1 });
  for (let i = 0; i < DOCS; i += BATCH) {
    await coll.insertMany(
      Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, j) => aDocument(i + j)),
      { ordered: false },
    );
  }
}

/** Runs `op` (given the run number) until the budget or `maxRuns` is spent; returns the median ms per run. */
async function time(op: (run: number) => Promise<unknown>, maxRuns: number): Promise<{ ms: number; runs: number }> {
  const runs: number[] = [];
  const started = performance.now();
  while (runs.length < maxRuns && (runs.length < 3 || performance.now() - started < BUDGET_MS)) {
    const t = performance.now();
    await op(runs.length);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)]!, runs: runs.length };
}

type Figures = Record<string, { ms: number; runs: number; note: string }>;

async function measure(coll: Collection): Promise<Figures> {
  const figures: Figures = {};
  const record = async (name: string, unit: string, op: (run: number) => Promise<number>, maxRuns = MAX_RUNS) => {
    let count = 0;
    const t = await time(async (run) => {
      count += await op(run);
    }, maxRuns);
    figures[name] = { ...t, note: `${(count / t.runs).toFixed(0)} ${unit} per run` };
  };

  await record(
    'find lane:bulk status:created limit 100 (spread)',
    'returned',
    async () => (await coll.find({ lane: 'bulk', status: 'created' }).limit(100).toArray()).length,
  );
  await record(
    'find lane:digest status:created limit 100 (newest)',
    'returned',
    async () => (await coll.find({ lane: 'digest', status: 'created' }).limit(100).toArray()).length,
  );
  await record(
    'find beneficiaryId (1 match)',
    'returned',
    async (run) =>
      (await coll.find({ beneficiaryId: `b${String((run * 7919) % DOCS).padStart(9, '0')}` }).toArray()).length,
  );

  // each run claims 100 created documents no earlier run claimed
  const created = (await coll.find({ status: 'created' }, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
  await record(
    'updateMany _id $in 100 + status:created',
    'modified',
    async (run) =>
      (
        await coll.updateMany(
          { _id: { $in: created.slice(run * 100, run * 100 + 100) }, status: 'created' },
          { $set: { status: 'queued' } },
        )
      ).modifiedCount,
    Math.max(3, Math.floor(created.length / 100)),
  );
  return figures;
}

async function plan(coll: Collection, filter: Document): Promise<string> {
  const explained = (await coll.find(filter).explain()) as { queryPlanner?: { Plan?: string[] } };
  return (explained.queryPlanner?.Plan ?? []).map((p) => p.replace(/^.*detail=/, '')).join(' | ');
}

async function benchBinary(bin: string): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tas-bench-ferretdb-'));
  const db = await startFerretDb(bin, dir);
  const client = new MongoClient(db.uri);
  try {
    const coll = client.db('bench_index').collection('notifications');
    const t = performance.now();
    await fill(coll);
    out(`\n── ${bin}`);
    out(`  filled ${DOCS.toLocaleString('en')} documents in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    out(`  plan lane+status    ${await plan(coll, { lane: 'bulk', status: 'created' })}`);
    out(`  plan beneficiaryId  ${await plan(coll, { beneficiaryId: 'b000000001' })}`);
    const figures = await measure(coll);
    for (const [name, f] of Object.entries(figures))
      out(`  ${name.padEnd(52)} ${f.ms.toFixed(2).padStart(9)} ms  (median of ${f.runs}; ${f.note})`);
    return figures;
  } finally {
    await client.close();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const bins = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(ROOT, 'tools/bin/ferretdb')];
  out(`FerretDB index benchmark: ${DOCS.toLocaleString('en')} documents, ${os.cpus().length} cores`);
  const all: Figures[] = [];
  for (const bin of bins) all.push(await benchBinary(bin));
  if (all.length < 2) return;
  out('\n── summary (ms per query, median)');
  out(
    `  ${''.padEnd(52)} ${bins
      .map((b) => path.basename(path.dirname(b)) + '/' + path.basename(b))
      .map((s) => s.slice(-18).padStart(18))
      .join(' ')}`,
  );
  for (const name of Object.keys(all[0]!)) {
    out(`  ${name.padEnd(52)} ${all.map((f) => (f[name]?.ms.toFixed(2) ?? '-').padStart(18)).join(' ')}`);
  }
}

await main();
