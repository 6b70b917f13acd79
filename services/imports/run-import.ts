import fs from 'node:fs';
import path from 'node:path';
import { currentCorrelationId, withCorrelation } from '../correlation.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { WriteContext } from '../register/writer.js';
import type { VerificationRules } from '../register/verifications.js';
import type { ImportKind } from './columns.js';
import { writeRejects, type Reject } from './rejects.js';
import { CsvSyntaxError } from './csv-records.js';
import { readRows, TableHeaderError } from './table-reader.js';
import { withBoundedHeapGrowth } from './heap-growth.js';
import { runRows } from './pipeline.js';

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
  let outcome;
  try {
    outcome = await runRows(
      kind,
      readable(file, kind),
      ctx,
      opts.verificationRules ? { verificationRules: opts.verificationRules } : {},
    );
  } catch (err) {
    if (err instanceof TableHeaderError) throw new AppError('invalid_input', err.message);
    throw err;
  }
  const { rejectedRows, ...counts } = outcome;
  const report: ImportReport = { kind, file, ...counts, rejectsFile: null };
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
