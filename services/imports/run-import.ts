import fs from 'node:fs';
import path from 'node:path';
import { currentCorrelationId, withCorrelation } from '../correlation.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { todayInVietnam } from '../format.js';
import { saveBeneficiaries } from '../register/beneficiaries.js';
import { communesByCode, saveCommunes } from '../register/communes.js';
import type { WriteContext } from '../register/writer.js';
import { savePayments } from '../register/payments.js';
import { completeByPayments } from '../reminders/tasks.js';
import { applyVerifications, type VerificationRules } from '../register/verifications.js';
import { columnLabel, type ImportKind } from './columns.js';
import { writeRejects, type Reject } from './rejects.js';
import {
  convertBeneficiary,
  convertCommune,
  convertPayment,
  convertVerification,
  type Converted,
  type RowContext,
} from './rows.js';
import { CsvSyntaxError } from './csv-records.js';
import { readRows, TableHeaderError } from './table-reader.js';
import { withBoundedHeapGrowth } from './heap-growth.js';

/** What an import did, for the CLI, the later web console and the audit log. */
export type ImportReport = {
  kind: ImportKind;
  file: string;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Payment status changes recorded for notices. */
  changes: number;
  rejects: Reject[];
  rejectsFile: string | null;
};

type Accepted<T> = { line: number; values: Record<string, unknown>; value: T };
type Sink<T> = (batch: Accepted<T>[]) => Promise<{
  created: number;
  updated: number;
  unchanged: number;
  changes?: number;
  problems: { index: number; column: string; reason: string }[];
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

function plan(
  kind: ImportKind,
  ctx: WriteContext,
  rowCtx: RowContext,
  rules: VerificationRules | undefined,
): { convert: (v: Record<string, unknown>) => Converted<unknown>; sink: Sink<never> } {
  switch (kind) {
    case 'communes':
      return {
        convert: convertCommune,
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
        sink: (async (b: Accepted<Parameters<typeof saveBeneficiaries>[0][number]>[]) => {
          const r = await saveBeneficiaries(
            b.map((x) => x.value),
            ctx,
          );
          return { ...r, problems: r.conflicts.map((index) => ({ index, column: 'national_id', reason: CONFLICT })) };
        }) as Sink<never>,
      };
    case 'payments':
      return {
        convert: convertPayment,
        sink: (async (b: Accepted<Parameters<typeof savePayments>[0][number]>[]) => {
          const r = await savePayments(
            b.map((x) => x.value),
            ctx,
          );
          return {
            ...r,
            problems: [
              ...r.unknown.map((index) => ({
                index,
                column: 'national_id',
                reason: 'Số định danh này chưa có trong danh sách đối tượng. Hãy nhập danh sách đối tượng trước.',
              })),
              ...r.conflicts.map((index) => ({ index, column: 'status', reason: CONFLICT })),
            ],
          };
        }) as Sink<never>,
      };
    case 'account-verifications':
      return {
        convert: (v) => convertVerification(v, rowCtx),
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

/**
 * `writeRejects: false` keeps the rejects file from being written; `verificationRules` are an
 * officer's (results import); `log` gets the run's start and its counts.
 */
export type ImportOptions = { writeRejects?: boolean; verificationRules?: VerificationRules; log?: Logger };

/**
 * Imports one CSV or XLSX file, streaming it in batches: bad rows are reported (line, column,
 * reason) and written to a rejects file next to the input, good rows are stored, and running
 * the same file again changes nothing.
 */
export function importFile(
  kind: ImportKind,
  file: string,
  ctx: WriteContext,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  // An import is an entry of its own unless a request runs it: the notices it creates carry its id.
  return withCorrelation(currentCorrelationId(), async () => {
    opts.log?.info({ kind }, 'import started');
    const report = await withBoundedHeapGrowth(() => importRows(kind, file, ctx, opts));
    const { rowsRead, created, updated, unchanged, rejected, changes } = report;
    opts.log?.info({ kind, rowsRead, created, updated, unchanged, rejected, changes }, 'import finished');
    return report;
  });
}

async function importRows(
  kind: ImportKind,
  file: string,
  ctx: WriteContext,
  opts: ImportOptions,
): Promise<ImportReport> {
  if (!fs.existsSync(file)) throw new AppError('invalid_input', `Không tìm thấy tệp ${path.basename(file)}.`);
  const rowCtx: RowContext = {
    today: todayInVietnam(),
    communes: kind === 'beneficiaries' ? await communesByCode() : new Map(),
  };
  const { convert, sink } = plan(kind, ctx, rowCtx, opts.verificationRules);
  const report: ImportReport = {
    kind,
    file,
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    changes: 0,
    rejects: [],
    rejectsFile: null,
  };
  const rejectedRows: { line: number; values: Record<string, unknown> }[] = [];
  const seen = new Map<string, number>();
  const proven = new Map<string, Set<string>>(); // period → communes with payments in this file
  let batch: Accepted<never>[] = [];

  const reject = (line: number, values: Record<string, unknown>, column: string, reason: string) => {
    report.rejects.push({ line, column, columnLabel: columnLabel(kind, column), reason });
    if (rejectedRows.at(-1)?.line !== line) {
      rejectedRows.push({ line, values });
      report.rejected++;
    }
  };
  const store = async (rows: Accepted<never>[]) => {
    if (!rows.length) return;
    const r = await sink(rows);
    report.created += r.created;
    report.updated += r.updated;
    report.unchanged += r.unchanged;
    report.changes += r.changes ?? 0;
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

  try {
    for await (const row of readable(file, kind)) {
      report.rowsRead++;
      const c = convert(row.values);
      if (c.value === null) {
        for (const e of c.errors) reject(row.line, row.values, e.column, e.reason);
        continue;
      }
      const first = seen.get(c.key);
      if (first !== undefined) {
        reject(
          row.line,
          row.values,
          kind === 'payments' ? 'period' : 'national_id',
          `Dòng này trùng với dòng ${first} trong cùng tệp; chỉ dòng ${first} được nhập.`,
        );
        continue;
      }
      seen.set(c.key, row.line);
      batch.push({ line: row.line, values: row.values, value: c.value as never });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    for (const done of writing) await done;
    // Once per file, not per batch: the payments are the proof the communes built their payment list.
    for (const [period, communes] of proven) await completeByPayments([...communes], period, new Date());
  } catch (err) {
    if (err instanceof TableHeaderError) throw new AppError('invalid_input', err.message);
    throw err;
  }
  report.rejects.sort((a, b) => a.line - b.line);
  rejectedRows.sort((a, b) => a.line - b.line);
  if (report.rowsRead === 0)
    throw new AppError('invalid_input', `Tệp ${path.basename(file)} không có dòng dữ liệu nào.`);
  if (rejectedRows.length && opts.writeRejects !== false)
    report.rejectsFile = await writeRejects(file, kind, report.rejects, rejectedRows);
  return report;
}

const CSV_SYNTAX: Record<CsvSyntaxError['reason'], string> = {
  quote_not_closed: 'một ô mở dấu ngoặc kép (") nhưng không đóng lại',
  text_after_closing_quote: 'có chữ ngay sau dấu ngoặc kép (") đóng một ô',
  record_too_long: 'dòng dài quá 1 triệu ký tự, thường do một dấu ngoặc kép (") không được đóng lại',
};

/** The file's rows; a file that cannot be parsed becomes a clear error, not a stack trace. */
async function* readable(file: string, kind: ImportKind) {
  try {
    yield* readRows(file, kind);
  } catch (err) {
    if (err instanceof TableHeaderError || err instanceof AppError) throw err;
    if (err instanceof CsvSyntaxError)
      throw new AppError(
        'invalid_input',
        `Không đọc được tệp ${path.basename(file)} ở dòng ${err.line}: ${CSV_SYNTAX[err.reason]}. Vui lòng sửa dòng này rồi nhập lại cả tệp; các dòng đã nhập sẽ không bị nhập trùng.`,
      );
    throw new AppError(
      'invalid_input',
      `Không đọc được tệp ${path.basename(file)}: tệp hỏng hoặc không đúng định dạng CSV/XLSX.`,
      { cause: String(err) },
    );
  }
}
