/**
 * CSV records for imports, read the way csv-parse reads them with
 * `{ bom, relax_column_count, relax_quotes, trim, skip_empty_lines }` (a test compares the two on
 * thousands of generated files), at about a sixth of its CPU: csv-parse walks every character
 * through its state machine, and it was a tenth of an import's CPU. Here an unquoted field, the
 * usual case, is found with `indexOf` and sliced out whole.
 *
 * - A field may be quoted (`"…"`, with `""` for a quote); a quote inside an unquoted field is
 *   kept as it is. After a closing quote only spaces may come before the next separator.
 * - Spaces, tabs and form feeds before a field are dropped, and all whitespace after an unquoted one.
 * - Records end with the line ending the file uses first (`\r\n`, `\n` or `\r`).
 * - Blank lines are skipped, but they count in `line`, so `line` is the row number Excel shows.
 */

/** One record and its row number (records and skipped blank lines counted from 1). */
export type CsvRecord = { line: number; cells: string[] };

/** A file that is not CSV past some row; `line` is the row where reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: 'quote_not_closed' | 'text_after_closing_quote' | 'record_too_long',
  ) {
    super(`CSV ${reason.replaceAll('_', ' ')} at row ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34;
/** Dropped before a field, as csv-parse's `ltrim` does: space, tab, form feed, CR, LF. */
const isLeadingSpace = (c: number) => c === 32 || c === 9 || c === 12 || c === 13 || c === 10;

/**
 * A record longer than this is refused: no register row comes near it, and it is nearly always a
 * quote left open, which would otherwise swallow the rest of the file.
 */
export const MAX_RECORD_CHARS = 1_000_000;

/** Records of CSV text given in decoded chunks (a stream read with an encoding); the BOM, if any, is dropped. */
export async function* csvRecords(chunks: AsyncIterable<unknown>, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(delimiter);
  for await (const chunk of chunks) {
    // Bytes split at chunk edges would break multi-byte letters: the stream must decode them.
    if (typeof chunk !== 'string') throw new TypeError('csvRecords reads text: open the stream with an encoding');
    yield* parser.feed(chunk, false);
  }
  yield* parser.feed('', true);
}

/** Parses what it has been fed so far; an incomplete last record waits for the next chunk. */
export class CsvParser {
  private rest = '';
  private started = false;
  private eol: string | null = null;
  private records = 0;
  private blankLines = 0;
  private retryAt = 0;

  constructor(private readonly delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
  }

  /** Every record completed by `chunk`; with `final`, the end of the text completes the last one. */
  feed(chunk: string, final: boolean): CsvRecord[] {
    let buf = this.rest + chunk;
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    }
    if (!final && buf.length < this.retryAt) {
      this.keep(buf);
      return [];
    }
    // Until the first line ending is known, a CR at the end may be the first half of a CRLF: it
    // waits for the next chunk (no record can end there before it is known anyway).
    const held = !final && this.eol === null && buf.endsWith('\r') ? 1 : 0;
    const scan = new Scan(held ? buf.slice(0, -1) : buf, this.delimiter, this.eol, final);
    const out: CsvRecord[] = [];
    let start = 0;
    for (;;) {
      const record = this.record(scan, start);
      if (record === null) break;
      start = record.next;
      if (record.cells === null) {
        this.blankLines++;
      } else {
        this.records++;
        out.push({ line: this.records + this.blankLines, cells: record.cells });
      }
      if (record.last) break;
    }
    this.eol = scan.eol;
    this.keep(buf.slice(start));
    // A long unfinished record is parsed again only once the text has doubled, so a record that
    // spans many chunks costs linear time, not a rescan per chunk.
    this.retryAt = this.rest.length > 64 * 1024 ? 2 * this.rest.length : 0;
    return out;
  }

  private keep(rest: string) {
    if (rest.length > MAX_RECORD_CHARS) throw new CsvSyntaxError(this.records + this.blankLines + 1, 'record_too_long');
    this.rest = rest;
  }

  /**
   * One record from `start`: its cells (null for a blank line), where the next one starts, and
   * whether it was the last; null when the text ends before the record does (and is not final).
   */
  private record(scan: Scan, start: number): { cells: string[] | null; next: number; last: boolean } | null {
    const { buf, final } = scan;
    const len = buf.length;
    if (start >= len) return null;
    const cells: string[] = [];
    let p = start;
    for (;;) {
      while (p < len && isLeadingSpace(buf.charCodeAt(p)) && buf[p] !== this.delimiter && !scan.eolAt(p)) p++;
      if (p < len && buf.charCodeAt(p) === QUOTE) {
        const quoted = this.quoted(scan, p);
        if (quoted === null) return null;
        cells.push(quoted.value);
        p = quoted.end;
      } else {
        const end = scan.fieldEnd(p);
        if (end < 0) return null; // the text ends inside the field
        if (cells.length === 0 && end === p && (end === len || scan.eolAt(end))) {
          // A blank line (or only spaces); at the very end, nothing more to read.
          if (end === len) return { cells: null, next: len, last: true };
          return { cells: null, next: end + scan.eolLength, last: false };
        }
        cells.push(buf.slice(p, end).trimEnd());
        p = end;
      }
      // p is now at a delimiter, a line ending or the end of the text.
      if (p >= len) return final ? { cells, next: len, last: true } : null;
      if (buf[p] === this.delimiter) {
        p++;
        if (p >= len && !final) return null;
        if (p >= len) {
          cells.push('');
          return { cells, next: len, last: true };
        }
        continue;
      }
      scan.eolAt(p); // p is at a line ending: this learns which one, if it was not known yet
      return { cells, next: p + scan.eolLength, last: false };
    }
  }

  /** A quoted field at `q`: its value and where the text after it (and its trailing spaces) stops. */
  private quoted(scan: Scan, q: number): { value: string; end: number } | null {
    const { buf, final } = scan;
    const len = buf.length;
    let from = q + 1;
    let escaped = false;
    let close: number;
    for (;;) {
      close = buf.indexOf('"', from);
      if (close < 0 || (close + 1 === len && !final)) {
        if (final) throw new CsvSyntaxError(this.records + this.blankLines + 1, 'quote_not_closed');
        return null;
      }
      if (buf.charCodeAt(close + 1) !== QUOTE) break;
      escaped = true;
      from = close + 2;
    }
    const raw = buf.slice(q + 1, close);
    let end = close + 1;
    while (end < len && !scan.eolAt(end) && buf[end] !== this.delimiter) {
      if (!isLeadingSpace(buf.charCodeAt(end)))
        throw new CsvSyntaxError(this.records + this.blankLines + 1, 'text_after_closing_quote');
      end++;
    }
    if (end >= len && !final) return null;
    return { value: escaped ? raw.replaceAll('""', '"') : raw, end };
  }
}

/**
 * The text of one `feed`. The line ending is learnt at the first one met outside quotes, as
 * csv-parse does; the next delimiter and line ending are remembered, so finding where each field
 * ends costs one `indexOf` per delimiter and per line over the whole text.
 */
class Scan {
  private nextDelimiter = -2;
  private nextEol = -2;
  private nextCr = -2;
  private nextLf = -2;

  constructor(
    readonly buf: string,
    private readonly delimiter: string,
    public eol: string | null,
    readonly final: boolean,
  ) {}

  get eolLength(): number {
    return this.eol?.length ?? 0;
  }

  /** True when a line ends at `p` (and, the first time, which ending the file uses). */
  eolAt(p: number): boolean {
    if (this.eol !== null) return this.buf.startsWith(this.eol, p);
    const c = this.buf.charCodeAt(p);
    if (c === 10) this.eol = '\n';
    else if (c === 13) this.eol = this.buf.charCodeAt(p + 1) === 10 ? '\r\n' : '\r';
    return this.eol !== null;
  }

  /** Where an unquoted field starting at `p` ends (a delimiter, a line ending, or the end of a final text); -1 if not known yet. */
  fieldEnd(p: number): number {
    this.nextDelimiter = after(this.buf, this.delimiter, p, this.nextDelimiter);
    let e: number;
    if (this.eol !== null) {
      e = this.nextEol = after(this.buf, this.eol, p, this.nextEol);
    } else {
      this.nextCr = after(this.buf, '\r', p, this.nextCr);
      this.nextLf = after(this.buf, '\n', p, this.nextLf);
      e = this.nextCr < 0 ? this.nextLf : this.nextLf < 0 ? this.nextCr : Math.min(this.nextCr, this.nextLf);
    }
    const d = this.nextDelimiter;
    if (d >= 0 && (e < 0 || d < e)) return d;
    if (e >= 0) return e;
    return this.final ? this.buf.length : -1;
  }
}

/** The next `s` at or after `p`, reusing the last answer while it still lies ahead (-1: none left). */
function after(buf: string, s: string, p: number, last: number): number {
  if (last === -1 || last >= p) return last;
  return buf.indexOf(s, p);
}
