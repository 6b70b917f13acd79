import { beneficiaries } from '../../models/beneficiary.js';
import { provinceByCode } from '../../models/provinces.js';
import { todayInVietnam } from '../format.js';
import { saveBeneficiaries } from '../register/beneficiaries.js';
import { communesByCode, saveCommunes } from '../register/communes.js';
import { savePayments } from '../register/payments.js';
import { beneficiaryIdFor } from '../register/sealing.js';
import { applyVerifications, type VerificationRules } from '../register/verifications.js';
import type { WriteContext } from '../register/writer.js';
import { completeByPayments } from '../reminders/tasks.js';
import { columnLabel, type ImportKind } from './columns.js';
import type { Reject } from './rejects.js';
import {
  convertBeneficiary,
  convertCommune,
  convertPayment,
  convertVerification,
  type Converted,
  type RowContext,
} from './rows.js';

/** One row from any source (a file's line, an API request's array position), keyed by canonical column. */
export type SourceRow = { line: number; values: Record<string, unknown> };

/**
 * `verificationRules` are an officer's (results import); `provinceCode` holds every row to one
 * province (an API key's): rows about another province's communes or records are rejected, row by row.
 */
export type RowOptions = {
  verificationRules?: VerificationRules;
  provinceCode?: string;
  /** Where the rows come from, for the words of a duplicate row: a file (default) or one API request. */
  source?: 'file' | 'request';
};

/** What the rows did; `rejectedRows` keeps the original values of each rejected row, in order. */
export type RowsOutcome = {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Payment status changes recorded for notices. */
  changes: number;
  rejects: Reject[];
  rejectedRows: SourceRow[];
};

type Accepted<T> = { line: number; values: Record<string, unknown>; value: T };
type Problem = { index: number; column: string; reason: string };
type Sink<T> = (batch: Accepted<T>[]) => Promise<{
  created: number;
  updated: number;
  unchanged: number;
  changes?: number;
  problems: Problem[];
  proofs?: { communeCode: string; period: string }[];
}>;

/**
 * Rows per batch. Each batch costs a fixed number of commands (a read, one insert or bulk write per
 * collection, the audit entry, the figures), so larger batches mean fewer commands per row; 4,000
 * keeps an import within a few commands per 1,000 rows and its peak memory far under 500 MB.
 */
const BATCH = 4000;
/**
 * Batches written at once. Each batch's steps wait for each other; a beneficiary batch has the
 * longest chain (read back, insert, accounts and routes, audit), and with two in
 * flight the database was writing only about half of the time, so beneficiaries take a third.
 * Each batch in flight raises the peak memory: payments, which meet their time target with two,
 * passed the memory target with three, so they keep two. Figures in bench/README.md.
 */
const WRITERS: Record<ImportKind, number> = { beneficiaries: 3, payments: 2, communes: 2, 'account-verifications': 2 };
const CONFLICT = 'Bản ghi vừa được thay đổi bởi một lần nhập khác; hãy nhập lại dòng này.';

/** The province a key or officer is held to, as its refusals name it: «Hà Nội (01)». */
const provinceShown = (code: string) => `${provinceByCode(code)?.name ?? 'tỉnh'} (${code})`;

/** Why a row about another province is not written. */
export const OUTSIDE_PROVINCE = {
  row: (given: string, own: string) =>
    `Mã tỉnh ${given} không phải tỉnh được phép ghi (${provinceShown(own)}); dòng này không được ghi.`,
  record: (own: string) => `Hồ sơ này thuộc tỉnh khác, không thuộc ${provinceShown(own)}; dòng này không được ghi.`,
};

/** Rows whose record is registered in another province than `provinceCode` (by input position). */
async function elsewhere(ctx: WriteContext, nationalIds: string[], provinceCode: string): Promise<Set<number>> {
  const ids = nationalIds.map((n) => beneficiaryIdFor(ctx.sealer, n));
  const found = await beneficiaries.existing(ids);
  return new Set(ids.flatMap((id, i) => (found.has(id) && found.get(id)!.provinceCode !== provinceCode ? [i] : [])));
}

function plan(
  kind: ImportKind,
  ctx: WriteContext,
  rowCtx: RowContext,
  opts: RowOptions,
): {
  convert: (v: Record<string, unknown>) => Converted<unknown>;
  /** The province a converted row names, when the row itself says (communes, beneficiaries). */
  provinceOf: (value: never) => string | null;
  sink: Sink<never>;
} {
  const own = opts.provinceCode;
  switch (kind) {
    case 'communes':
      return {
        convert: convertCommune,
        provinceOf: (c: { provinceCode: string }) => c.provinceCode,
        sink: (async (b: Accepted<Parameters<typeof saveCommunes>[0][number]>[]) => ({
          ...(await saveCommunes(
            b.map((x) => x.value),
            ctx,
          )),
          problems: [],
        })) as Sink<never>,
      };
    case 'beneficiaries':
      return {
        convert: (v) => convertBeneficiary(v, rowCtx),
        provinceOf: (b: { provinceCode: string }) => b.provinceCode,
        sink: (async (all: Accepted<Parameters<typeof saveBeneficiaries>[0][number]>[]) => {
          // A record registered in another province is not moved here by this province's key.
          const away = own
            ? await elsewhere(
                ctx,
                all.map((x) => x.value.nationalId),
                own,
              )
            : new Set<number>();
          const kept = all.flatMap((x, i) => (away.has(i) ? [] : [i]));
          const r = await saveBeneficiaries(
            kept.map((i) => all[i]!.value),
            ctx,
          );
          return {
            ...r,
            problems: [
              ...[...away].map((index) => ({ index, column: 'national_id', reason: OUTSIDE_PROVINCE.record(own!) })),
              ...r.conflicts.map((k) => ({ index: kept[k]!, column: 'national_id', reason: CONFLICT })),
            ],
          };
        }) as Sink<never>,
      };
    case 'payments':
      return {
        convert: convertPayment,
        provinceOf: () => null,
        sink: (async (b: Accepted<Parameters<typeof savePayments>[0][number]>[]) => {
          const r = await savePayments(
            b.map((x) => x.value),
            ctx,
            own ? { provinceCode: own } : {},
          );
          return {
            ...r,
            problems: [
              ...r.unknown.map((index) => ({
                index,
                column: 'national_id',
                reason: 'Số định danh này chưa có trong danh sách đối tượng. Hãy nhập danh sách đối tượng trước.',
              })),
              ...r.outside.map((index) => ({ index, column: 'national_id', reason: OUTSIDE_PROVINCE.record(own!) })),
              ...r.conflicts.map((index) => ({ index, column: 'status', reason: CONFLICT })),
            ],
          };
        }) as Sink<never>,
      };
    case 'account-verifications': {
      const rules: VerificationRules | undefined = own
        ? {
            reaches: (place) => place.provinceCode === own && (opts.verificationRules?.reaches(place) ?? true),
            outside: OUTSIDE_PROVINCE.record(own),
          }
        : opts.verificationRules;
      return {
        convert: (v) => convertVerification(v, rowCtx),
        provinceOf: () => null,
        sink: (async (b: Accepted<Parameters<typeof applyVerifications>[0][number]>[]) => {
          const r = await applyVerifications(
            b.map((x) => x.value),
            ctx,
            rules,
          );
          return {
            created: 0,
            updated: r.applied,
            unchanged: r.unchanged,
            problems: r.problems.map((p) => ({ ...p, column: 'national_id' })),
          };
        }) as Sink<never>,
      };
    }
  }
}

/**
 * The row pipeline every import shares, whatever the rows come from (a file, an API request):
 * convert and check each row, refuse a second row with the same key, store the good ones in
 * batches while the next are read, collect every reject (line, column, reason), and once all is
 * stored mark the payment lists the payments prove. Storing the same rows again changes nothing.
 */
export async function runRows(
  kind: ImportKind,
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  ctx: WriteContext,
  opts: RowOptions = {},
): Promise<RowsOutcome> {
  const rowCtx: RowContext = {
    today: todayInVietnam(),
    communes: kind === 'beneficiaries' ? await communesByCode() : new Map(),
  };
  const { convert, provinceOf, sink } = plan(kind, ctx, rowCtx, opts);
  const out: RowsOutcome = {
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    changes: 0,
    rejects: [],
    rejectedRows: [],
  };
  const seen = new Map<string, number>();
  const proven = new Map<string, Set<string>>(); // period → communes with payments in these rows
  let batch: Accepted<never>[] = [];

  const reject = (line: number, values: Record<string, unknown>, column: string, reason: string) => {
    out.rejects.push({ line, column, columnLabel: columnLabel(kind, column), reason });
    if (out.rejectedRows.at(-1)?.line !== line) {
      out.rejectedRows.push({ line, values });
      out.rejected++;
    }
  };
  const store = async (rows: Accepted<never>[]) => {
    if (!rows.length) return;
    const r = await sink(rows);
    out.created += r.created;
    out.updated += r.updated;
    out.unchanged += r.unchanged;
    out.changes += r.changes ?? 0;
    for (const p of r.proofs ?? []) proven.set(p.period, (proven.get(p.period) ?? new Set()).add(p.communeCode));
    for (const p of r.problems.sort((a, b) => a.index - b.index)) {
      const row = rows[p.index]!;
      reject(row.line, row.values, p.column, p.reason);
    }
  };
  // Batches are written while the next ones are read and checked, a few at a time: the file's
  // parsing (this process) and the database's work (its own process, which reads for one batch
  // while it writes for another) then use every core. Rows of different batches never share a key.
  const writing: Promise<void>[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (!rows.length) return;
    while (writing.length >= WRITERS[kind]) await writing.shift();
    const done = store(rows);
    done.catch(() => undefined); // awaited in turn; this only avoids an "unhandled" warning meanwhile
    writing.push(done);
  };

  for await (const row of rows) {
    out.rowsRead++;
    const c = convert(row.values);
    if (c.value === null) {
      for (const e of c.errors) reject(row.line, row.values, e.column, e.reason);
      continue;
    }
    const province = opts.provinceCode ? provinceOf(c.value as never) : null;
    if (province && province !== opts.provinceCode) {
      reject(row.line, row.values, 'province_code', OUTSIDE_PROVINCE.row(province, opts.provinceCode!));
      continue;
    }
    const first = seen.get(c.key);
    if (first !== undefined) {
      reject(
        row.line,
        row.values,
        kind === 'payments' ? 'period' : 'national_id',
        `Dòng này trùng với dòng ${first} trong cùng ${opts.source === 'request' ? 'yêu cầu' : 'tệp'}; chỉ dòng ${first} được nhập.`,
      );
      continue;
    }
    seen.set(c.key, row.line);
    batch.push({ line: row.line, values: row.values, value: c.value as never });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  for (const done of writing) await done;
  // Once per run, not per batch: the payments are the proof the communes built their payment list.
  for (const [period, communes] of proven)
    await completeByPayments(
      [...communes],
      period,
      new Date(),
      ctx.entryPoint === 'api' ? { by: ctx.actor, via: 'api' } : undefined,
    );
  out.rejects.sort((a, b) => a.line - b.line);
  out.rejectedRows.sort((a, b) => a.line - b.line);
  return out;
}
