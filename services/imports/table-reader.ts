import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { isBlank } from '../validation/values.js';
import { csvRecords } from './csv-records.js';
import { mapHeader, matchColumn } from './columns.js';
import { xlsxRecords, type RawRecord } from './xlsx-records.js';
import type { ImportKind } from './columns.js';

export { cellValue } from './xlsx-records.js';

/** One data row of an import file, keyed by canonical column, with the row number the officer sees. */
export type TableRow = { line: number; values: Record<string, unknown> };

/** File formats the importer reads. */
export type TableFormat = 'csv' | 'xlsx';

/** Header row problem (missing or doubled column); the message is in Vietnamese for the officer. */
export class TableHeaderError extends Error {
  override readonly name = 'TableHeaderError';
}

/** Rows searched for the header, so that title lines above it ("DANH SÁCH ĐỐI TƯỢNG…") are skipped. */
const HEADER_SEARCH_ROWS = 10;

/** Format of an import file from its extension; throws a Vietnamese message for anything else. */
export function detectFormat(filePath: string): TableFormat {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  const shown = ext === '' ? 'không có đuôi' : `đuôi "${ext}"`;
  throw new Error(
    `Tệp ${shown} chưa được hỗ trợ; vui lòng lưu tệp dưới dạng Excel (.xlsx) hoặc CSV (.csv) rồi tải lên lại.`,
  );
}

/** Streams the data rows of a CSV or XLSX file (first worksheet), mapped to the columns of `kind`. */
export async function* readRows(filePath: string, kind: ImportKind): AsyncGenerator<TableRow> {
  const format = detectFormat(filePath);
  const source = format === 'csv' ? csvFileRecords(filePath) : xlsxRecords(filePath);
  let columns: (string | null)[] | null = null;
  let candidates = 0;
  let bestReason: { matched: number; reason: string } | null = null;
  for await (const { line, cells } of source) {
    if (cells.every(isBlank)) continue;
    if (columns === null) {
      const mapped = mapHeader(kind, cells);
      if (mapped.ok) {
        columns = mapped.columns;
        continue;
      }
      const matched = cells.filter((cell) => matchColumn(kind, cell) !== null).length;
      if (bestReason === null || matched > bestReason.matched) bestReason = { matched, reason: mapped.reason };
      candidates += 1;
      if (candidates >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      if (column !== null) values[column] = cells[index];
    });
    yield { line, values };
  }
  if (columns === null) {
    throw new TableHeaderError(
      bestReason?.reason ?? 'Tệp không có dữ liệu: không tìm thấy dòng tiêu đề và các dòng đối tượng.',
    );
  }
}

/**
 * The separator and encoding of a CSV, from its first line: Excel writes `,` or `;` by the
 * computer's regional settings, and its "Unicode text" is UTF-16 with tabs.
 */
async function sniffDelimiter(filePath: string): Promise<{ delimiter: string; encoding: BufferEncoding }> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const encoding: BufferEncoding = head[0] === 0xff && head[1] === 0xfe ? 'utf16le' : 'utf8';
    const text = head.toString(encoding).replace(/^\ufeff/, '');
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === '\n' || char === '\r')) break;
      else if (!quoted && char in counts) counts[char] = (counts[char] ?? 0) + 1;
    }
    const delimiter = Object.entries(counts).reduce((best, entry) => (entry[1] > best[1] ? entry : best), [',', 0])[0];
    return { delimiter, encoding };
  } finally {
    await handle.close();
  }
}

/** CSV records; `line` counts records and skipped blank lines, so it is the row number Excel shows. */
async function* csvFileRecords(filePath: string): AsyncGenerator<RawRecord> {
  const { delimiter, encoding } = await sniffDelimiter(filePath);
  const input = createReadStream(filePath);
  try {
    yield* csvRecords(input, delimiter, encoding);
  } finally {
    input.destroy();
  }
}
