import { parse } from 'csv-parse/sync';
import {
  CsvParser,
  CsvSyntaxError,
  MAX_RECORD_CHARS,
  csvRecords,
  type CsvRecord,
} from '../services/imports/csv-records.js';

/**
 * Our CSV reader must read every file as csv-parse (which it replaced for speed) read it with the
 * options imports used: { bom, relax_column_count, relax_quotes, trim, skip_empty_lines }.
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

/** Our records, the text fed in pieces of the given sizes; or the error's class. */
function ours(text: string, delimiter: string, chunkSizes: number[] = [text.length]): [number, string[]][] | 'error' {
  const parser = new CsvParser(delimiter);
  const out: CsvRecord[] = [];
  try {
    let at = 0;
    for (const size of chunkSizes) {
      if (at >= text.length) break;
      out.push(...parser.feed(text.slice(at, at + size), false));
      at += size;
    }
    out.push(...parser.feed(text.slice(at), true));
  } catch (err) {
    if (err instanceof CsvSyntaxError) return 'error';
    throw err;
  }
  return out.map((r) => [r.line, r.cells]);
}

function csvParse(text: string, delimiter: string): [number, string[]][] | 'error' {
  try {
    const rows = parse(text, { ...OPTIONS, delimiter }) as unknown as {
      record: string[];
      info: { records: number; empty_lines: number };
    }[];
    return rows.map((x) => [x.info.records + x.info.empty_lines, x.record]);
  } catch {
    return 'error';
  }
}

describe('reading CSV', () => {
  test('when 5,000 generated files are read in pieces of 1 to 12 characters, then every record, row number and error is the same as csv-parse gives', () => {
    const differences: string[] = [];
    for (let seed = 1; seed <= 5000; seed++) {
      const { text, delimiter, chunkSizes } = generatedFile(seed);
      const a = JSON.stringify(ours(text, delimiter, chunkSizes));
      const b = JSON.stringify(csvParse(text, delimiter));
      if (a !== b) differences.push(`seed ${seed}: ${JSON.stringify(text)} → ours ${a}, csv-parse ${b}`);
    }
    expect(differences.slice(0, 3)).toEqual([]);
  });

  test('when a file has a BOM, CRLF endings, quoted cells with separators, line breaks and quotes, and blank lines, then row numbers count the blank lines', () => {
    const text =
      '\ufeffnational_id,full_name\r\n\r\n 001234567891 ,"Trần ""Út"", Văn\r\nBình"\r\n   \r\n001234567892,Lê Thị Hoa\r\n';
    expect(ours(text, ',')).toEqual([
      [1, ['national_id', 'full_name']],
      [3, ['001234567891', 'Trần "Út", Văn\r\nBình']],
      [5, ['001234567892', 'Lê Thị Hoa']],
    ]);
  });

  test('when tabs separate the cells, then a leading tab is an empty cell, not a space to trim', () => {
    expect(ours('a\tb\n\tc\n', '\t')).toEqual([
      [1, ['a', 'b']],
      [2, ['', 'c']],
    ]);
  });

  test('when a quote is never closed, or text follows a closing quote, then reading stops with the row where it happened', () => {
    const unclosed = () => new CsvParser(',').feed('a,b\nc,"d\ne,f\n', true);
    expect(unclosed).toThrow(CsvSyntaxError);
    expect(unclosed).toThrow(expect.objectContaining({ line: 2, reason: 'quote_not_closed' }) as Error);
    expect(() => new CsvParser(';').feed('a;b\n\nc;"d"x\n', true)).toThrow(
      expect.objectContaining({ line: 3, reason: 'text_after_closing_quote' }) as Error,
    );
  });

  test('when a long quoted cell spans hundreds of chunks, then it and the records after it come out whole and in order', () => {
    const text = `a,b\n1,"${'x""y\n'.repeat(60_000)}"\n2,z\n`;
    const sizes = Array.from({ length: Math.ceil(text.length / 1000) }, () => 1000);
    expect(ours(text, ',', sizes)).toEqual(csvParse(text, ','));
  });

  test('when a quote left open would swallow the rest of a large file, then reading stops once the record passes the limit', () => {
    const parser = new CsvParser(',');
    expect(parser.feed('a,b\nc,"d\n', false)).toEqual([{ line: 1, cells: ['a', 'b'] }]);
    const row = `x,${'y'.repeat(99)}\n`;
    const feedMore = () => {
      for (let i = 0; i <= MAX_RECORD_CHARS / row.length; i++) parser.feed(row, false);
    };
    expect(feedMore).toThrow(expect.objectContaining({ line: 2, reason: 'record_too_long' }) as Error);
  });

  test('when the chunks are bytes instead of decoded text, then reading refuses, since letters split between chunks would break', async () => {
    const bytes = (async function* () {
      yield Buffer.from('a,b\n');
    })();
    await expect(csvRecords(bytes, ',').next()).rejects.toThrow(TypeError);
  });
});
