import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';

/** One row of a worksheet as the importer sees it, before the header is known. */
export type RawRecord = { line: number; cells: unknown[] };

/**
 * The parts of exceljs' streaming workbook reader used here. Its public loop over the zip stream
 * (`for await (const worksheet of reader)`) sometimes ends early: the entries after the
 * worksheets never come, and the read fails with "Cannot read properties of undefined (reading
 * 'sheets')" (exceljs issue #962; how often: bench/README.md, "XLSX readers"). Its non-streaming
 * reader holds the whole workbook as objects, about twice the memory an import may use at 100,000
 * rows. So the zip is opened by its central directory instead, and the streaming reader is handed
 * each part in the order it needs them. The file is read into memory first (an XLSX of 100,000
 * rows is about 11 MB), so a read that stops early leaves no file open. These methods are not
 * exceljs' public API: package.json pins exceljs to the exact version they were checked against,
 * and test/table-reader.test.ts reads one file 300 times through them.
 */
type PartReader = {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    chunks: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
};

/** Rows of the workbook's first worksheet (the first tab), read as a stream; shared strings and styles (for dates) are read first. */
export async function* xlsxRecords(filePath: string): AsyncGenerator<RawRecord> {
  const zip = await unzipper.Open.buffer(await readFile(filePath));
  // part names are case-insensitive in the OOXML package format
  const part = (name: string) =>
    zip.files.find((f) => f.type === 'File' && f.path.toLowerCase() === name.toLowerCase());
  const need = (name: string) => {
    const found = part(name);
    if (!found) throw new Error(`not an Excel workbook: ${name} is missing`);
    return found.stream();
  };
  const options = {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  } as const;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    undefined as unknown as Readable,
    options,
  ) as unknown as PartReader;
  await reader._parseRels(need('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(need('xl/workbook.xml'));
  const sharedStrings = part('xl/sharedStrings.xml');
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings.stream())) void _;
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());

  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((rel) => rel.Id === first.rId)?.Target;
  if (!target) throw new Error('not an Excel workbook: it lists no worksheet');
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1';
  for (const { value: worksheet } of reader._parseWorksheet(need(sheetPath), sheetNo)) {
    for await (const row of worksheet) {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      yield { line: row.number, cells: Array.from(cells) };
    }
  }
}

/** Plain value of an exceljs cell: rich text → text, formula → result, hyperlink → text, error → its code. */
export function cellValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date)
    return value ?? undefined;
  const v = value as {
    richText?: { text: string }[];
    result?: unknown;
    formula?: string;
    text?: unknown;
    error?: string;
    sharedFormula?: string;
  };
  if (Array.isArray(v.richText)) return v.richText.map((run) => run.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellValue(v.result);
  if ('text' in v) return cellValue(v.text);
  if (typeof v.error === 'string') return v.error;
  return undefined;
}
