import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';

/**
 * CSV records for imports, read by csv-parse. Its parsing costs a few percent of an import's CPU
 * (bench/README.md, "CSV readers"), too little to keep a reader of our own.
 *
 * - A field may be quoted (`"…"`, with `""` for a quote); a quote inside an unquoted field is
 *   kept as it is (`relax_quotes`: officers' files have them in names). After a closing quote only
 *   spaces may come before the next separator.
 * - Spaces around a field are dropped (`trim`); rows may have fewer or more cells than the header.
 * - Blank lines (or lines of nothing but spaces) are skipped, but they count in `line`, so `line`
 *   is the row number Excel shows.
 */

/** One record and its row number (records and skipped blank lines counted from 1). */
export type CsvRecord = { line: number; cells: string[] };

/** Why a file is not CSV past some row. */
export type CsvSyntaxReason = 'quote_not_closed' | 'text_after_closing_quote' | 'record_too_long';

/** A file that is not CSV past some row; `line` is the row where reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: CsvSyntaxReason,
  ) {
    super(`CSV ${reason.replaceAll('_', ' ')} at row ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * A record longer than this (in UTF-8 bytes) is refused: no register row comes near it, and it is
 * nearly always a quote left open, which would otherwise swallow the rest of the file.
 */
export const MAX_RECORD_BYTES = 1_000_000;

const SYNTAX: Record<string, CsvSyntaxReason> = {
  CSV_QUOTE_NOT_CLOSED: 'quote_not_closed',
  CSV_INVALID_CLOSING_QUOTE: 'text_after_closing_quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text_after_closing_quote',
  CSV_MAX_RECORD_SIZE: 'record_too_long',
};

/**
 * Records of CSV bytes in `encoding` (or UTF-8 text) given in chunks; the BOM, if any, is dropped.
 * Bytes are cheaper: csv-parse reads bytes, so text is encoded back to UTF-8 first.
 */
export async function* csvRecords(
  chunks: AsyncIterable<unknown>,
  delimiter: string,
  encoding: BufferEncoding = 'utf8',
): AsyncGenerator<CsvRecord> {
  // Blank lines come through as one empty cell and are counted here, not skipped by csv-parse:
  // its per-record counts (`on_record`, `info`) build an info object for every record, which
  // made the reader markedly slower (bench/README.md, "CSV readers").
  const parser = parse({
    delimiter,
    encoding,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  const feeding = pipeline(chunks, parser);
  feeding.catch(() => undefined); // its error is the parser's, thrown by the loop below
  let line = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line++;
      if (cells.length > 1 || cells[0] !== '') yield { line, cells };
    }
    await feeding;
  } catch (err) {
    // The error's count, not ours: records parsed before it may not have reached this loop.
    if (err instanceof CsvError && err.code in SYNTAX)
      throw new CsvSyntaxError(Number(err.records ?? line) + 1, SYNTAX[err.code]!);
    throw err;
  } finally {
    parser.destroy();
  }
}
