import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { CsvSyntaxError, csvRecords, type CsvRecord } from '../services/imports/csv-records.js';

/*
 * Properties of the CSV record reader: given any bytes, in any chunks, it yields records or stops
 * with a CsvSyntaxError naming a row (never another throw), and it reads back what csv-stringify
 * wrote, in UTF-8 or UTF-16, however the bytes are cut (a cut may fall inside a character).
 */

const RUNS = { numRuns: 200 };

/** Reads all records of `chunks`; a CsvSyntaxError is returned, anything else thrown. */
async function readAll(chunks: Buffer[], delimiter: string, encoding?: BufferEncoding) {
  const records: CsvRecord[] = [];
  try {
    for await (const r of csvRecords(
      (async function* () {
        yield* chunks;
      })(),
      delimiter,
      encoding,
    ))
      records.push(r);
    return { records };
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { records, error: err };
    throw err;
  }
}

/** `bytes` cut at the given positions (a cut may fall inside a UTF-8 character). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(from, p));
    from = p;
  }
  return pieces.filter((p) => p.length > 0);
}

const delimiter = fc.constantFrom(',', ';', '\t');
/** Text made of what matters to a CSV reader: separators, quotes, line ends, spaces, Vietnamese letters, a BOM. */
const csvText = fc.string({
  unit: fc.constantFrom('a', 'Đ', 'ữ', '1', ' ', '\t', '"', ',', ';', '\n', '\r', '\r\n', '\ufeff', '\u00a0', '\0'),
  maxLength: 80,
});

describe('the CSV record reader', () => {
  it('when it is given any bytes in any chunks, then it yields records or stops with a CsvSyntaxError naming a row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
          csvText.map((s) => Buffer.from(s)),
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        delimiter,
        async (bytes, at, sep) => {
          const read = await readAll(cut(bytes, at), sep);
          if (read.error) expect(read.error.line).toBeGreaterThanOrEqual(1);
          for (const r of read.records) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(r.cells.length === 1 && r.cells[0] === '').toBe(false);
          }
          // The same bytes in one piece read the same.
          expect(await readAll([bytes], sep)).toEqual(read);
        },
      ),
      RUNS,
    );
  });

  it('when a table is written by csv-stringify (UTF-8 or UTF-16), then the reader gives back its cells, row by row, however it is cut', async () => {
    const cell = fc
      .string({ unit: fc.constantFrom('a', 'Đ', 'ữ', '1', ' ', '"', ',', ';', '\t', '\n', '\r\n'), maxLength: 12 })
      .map((s) => s.trim());
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).filter((r) => r.length > 1 || r[0] !== '');
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        delimiter,
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom<BufferEncoding>('utf8', 'utf16le'),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (table, sep, eol, encoding, at) => {
          const text = stringify(table, { delimiter: sep, record_delimiter: eol, quoted: true });
          const bytes = Buffer.from(`\ufeff${text}`, encoding);
          const read = await readAll(cut(bytes, at), sep, encoding);
          expect(read.error).toBeUndefined();
          expect(read.records).toEqual(table.map((cells, i) => ({ line: i + 1, cells })));
        },
      ),
      RUNS,
    );
  });
});
