import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, MAX_RECORD_BYTES, csvRecords } from '../services/imports/csv-records.js';

/**
 * Imports read CSV through csv-parse with { bom, relax_column_count, relax_quotes, trim,
 * skip_empty_lines }; these tests hold what imports add: row numbers as Excel shows them (blank
 * lines counted), text fed in pieces, and errors that name the row.
 */

const OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  trim: true,
  skip_empty_lines: true,
  info: true,
} as const;

/** A small deterministic generator, so a failure names a file that can be replayed. */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** Files built from the characters that matter: separators, quotes, line endings, spaces, Vietnamese letters. */
function generatedFile(seed: number): { text: string; delimiter: string; chunkSizes: number[] } {
  const r = random(seed);
  const delimiter = r.pick([',', ';', '\t']);
  const eol = r.pick(['\n', '\r\n', '\r']);
  const alphabet = ['a', 'b', 'Đ', 'ữ', ' ', ' ', '\t', '"', ',', ';', '\n', '\r', '\u00a0', '1', '0', '\f'];
  const cell = () => {
    let v = '';
    for (let i = Math.floor(r.next() * 6); i > 0; i--) v += r.pick(alphabet);
    const mustQuote =
      v.includes(delimiter) || ((v.includes('\n') || v.includes('\r')) && r.next() < 0.7) || /^[ \t\f]*"/.test(v);
    return mustQuote || r.next() < 0.2
      ? `${r.pick(['', ' ', '\t'])}"${v.replaceAll('"', '""')}"${r.pick(['', ' '])}`
      : v;
  };
  const lines: string[] = [];
  for (let i = Math.floor(r.next() * 6) + 1; i > 0; i--) {
    const k = r.next();
    if (k < 0.1) lines.push('');
    else if (k < 0.15) lines.push(r.pick(['  ', '\t', ' \f ']));
    else lines.push(Array.from({ length: Math.floor(r.next() * 4) + 1 }, cell).join(delimiter));
  }
  const text = (r.next() < 0.2 ? '\ufeff' : '') + lines.join(eol) + (r.next() < 0.6 ? eol : '');
  const chunkSizes = Array.from({ length: text.length }, () => 1 + Math.floor(r.next() * 12));
  return { text, delimiter, chunkSizes };
}

/** The records imports read, the text fed in pieces of the given sizes; or 'error' for a CsvSyntaxError. */
async function ours(
  text: string | Buffer,
  delimiter: string,
  chunkSizes: number[] = [text.length],
): Promise<[number, string[]][] | 'error'> {
  const pieces: (string | Buffer)[] = [];
  let at = 0;
  for (const size of chunkSizes) {
    if (at >= text.length) break;
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  if (at < text.length) pieces.push(text.slice(at));
  const out: [number, string[]][] = [];
  try {
    for await (const r of csvRecords(
      (async function* () {
        yield* pieces;
      })(),
      delimiter,
    ))
      out.push([r.line, r.cells]);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return 'error';
    throw err;
  }
  return out;
}

/** The records and row numbers csv-parse gives for the whole text at once. */
function csvParse(text: string, delimiter: string): [number, string[]][] | 'error' {
  try {
    const rows = parse(text, { ...OPTIONS, delimiter }) as unknown as {
      record: string[];
      info: { records: number; empty_lines: number };
    }[];
    return rows
      .filter((x) => x.record.length > 1 || x.record[0] !== '') // a line of spaces: a blank row to imports
      .map((x) => [x.info.records + x.info.empty_lines, x.record]);
  } catch {
    return 'error';
  }
}

/** The CsvSyntaxError reading `text` ends with. */
async function failure(text: string, delimiter: string, chunkSizes?: number[]): Promise<CsvSyntaxError> {
  const pieces = chunkSizes ?? [text.length];
  try {
    let at = 0;
    const chunks = (async function* () {
      for (const size of pieces) {
        yield text.slice(at, at + size);
        at += size;
      }
    })();
    for await (const _ of csvRecords(chunks, delimiter)) void _;
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err;
    throw err;
  }
  throw new Error('read without an error');
}

describe('reading CSV', () => {
  test('when 1,000 generated files are read in pieces of 1 to 12 characters, then every record, row number and error is what csv-parse gives for the whole text', async () => {
    const differences: string[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const { text, delimiter, chunkSizes } = generatedFile(seed);
      const a = JSON.stringify(await ours(text, delimiter, chunkSizes));
      const b = JSON.stringify(csvParse(text, delimiter));
      if (a !== b) differences.push(`seed ${seed}: ${JSON.stringify(text)} → ours ${a}, csv-parse ${b}`);
    }
    expect(differences.slice(0, 3)).toEqual([]);
  });

  test('when a file has a BOM, CRLF endings, quoted cells with separators, line breaks and quotes, and blank lines, then row numbers count the blank lines', async () => {
    const text =
      '\ufeffnational_id,full_name\r\n\r\n 001234567891 ,"Trần ""Út"", Văn\r\nBình"\r\n   \r\n001234567892,Lê Thị Hoa\r\n';
    expect(await ours(text, ',')).toEqual([
      [1, ['national_id', 'full_name']],
      [3, ['001234567891', 'Trần "Út", Văn\r\nBình']],
      [5, ['001234567892', 'Lê Thị Hoa']],
    ]);
  });

  test('when tabs separate the cells, then a leading tab is an empty cell, not a space to trim', async () => {
    expect(await ours('a\tb\n\tc\n', '\t')).toEqual([
      [1, ['a', 'b']],
      [2, ['', 'c']],
    ]);
  });

  test('when the bytes of a letter are split between chunks, then the letter comes out whole', async () => {
    const bytes = Buffer.from('họ tên,địa chỉ\nNguyễn Thị Ánh,Đà Nẵng\n');
    expect(
      await ours(
        bytes,
        ',',
        Array.from({ length: bytes.length }, () => 1),
      ),
    ).toEqual([
      [1, ['họ tên', 'địa chỉ']],
      [2, ['Nguyễn Thị Ánh', 'Đà Nẵng']],
    ]);
  });

  test('when a quote is never closed, or text follows a closing quote, then reading stops with the row where it happened', async () => {
    expect(await failure('a,b\nc,"d\ne,f\n', ',')).toMatchObject({ line: 2, reason: 'quote_not_closed' });
    expect(await failure('a;b\n\nc;"d"x\n', ';')).toMatchObject({ line: 3, reason: 'text_after_closing_quote' });
  });

  test('when a long quoted cell spans hundreds of chunks, then it and the records after it come out whole and in order', async () => {
    const text = `a,b\n1,"${'x""y\n'.repeat(60_000)}"\n2,z\n`;
    const sizes = Array.from({ length: Math.ceil(text.length / 1000) }, () => 1000);
    expect(await ours(text, ',', sizes)).toEqual(csvParse(text, ','));
  });

  test('when a quote left open would swallow the rest of a large file, then reading stops once the record passes the limit', async () => {
    const row = `x,${'y'.repeat(99)}\n`;
    const text = 'a,b\nc,"d\n' + row.repeat(Math.ceil(MAX_RECORD_BYTES / row.length) + 1);
    const sizes = Array.from({ length: Math.ceil(text.length / 65_536) }, () => 65_536);
    expect(await failure(text, ',', sizes)).toMatchObject({ line: 2, reason: 'record_too_long' });
  });
});
