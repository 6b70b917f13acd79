import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/** The file formats the commune police receive. */
export const POLICE_FORMATS = ['csv', 'xlsx'] as const;
export type PoliceFormat = (typeof POLICE_FORMATS)[number];

/**
 * Columns of the list for the commune police: seed 004's minimum fields, then three empty columns
 * the police fill in. Their headers are the ones `import account-verifications` reads, so the
 * police's answer can come back as the same file.
 */
export const POLICE_COLUMNS = [
  { key: 'no', header: 'STT' },
  { key: 'fullName', header: 'Họ, chữ đệm và tên' },
  { key: 'dateOfBirth', header: 'Ngày sinh' },
  { key: 'nationalId', header: 'Số định danh cá nhân' },
  { key: 'commune', header: 'Nơi thường trú: xã, phường' },
  { key: 'province', header: 'Nơi thường trú: tỉnh, thành phố' },
  { key: 'accountNumber', header: 'Số tài khoản' },
  { key: 'provider', header: 'Ngân hàng, tổ chức cung cấp' },
  { key: 'owner', header: 'Chủ tài khoản' },
  { key: 'holderName', header: 'Họ tên chủ tài khoản' },
  { key: 'result', header: 'Kết quả' },
  { key: 'mismatched', header: 'Trường sai lệch' },
  { key: 'reason', header: 'Lý do' },
] as const;

/** One row of the police list; every value a string, so ID and account numbers keep their leading zeros. */
export type PoliceRow = Record<(typeof POLICE_COLUMNS)[number]['key'], string>;

/** Writes rows to `out` as they come, in batches; `end` finishes the file and waits until `out` has it all. */
export type PoliceFileWriter = { write(rows: PoliceRow[]): Promise<void>; end(): Promise<void> };

const cells = (r: PoliceRow) => POLICE_COLUMNS.map((c) => r[c.key]);

/** CSV with a BOM (Excel then reads UTF-8), through csv-stringify, waiting when `out` is full. */
function csvWriter(out: Writable): PoliceFileWriter {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  const done = pipeline(csv, out);
  done.catch(() => undefined); // awaited in `end`; this only avoids an "unhandled" warning meanwhile
  csv.write(POLICE_COLUMNS.map((c) => c.header));
  return {
    async write(rows) {
      for (const r of rows) {
        if (!csv.write(cells(r))) await new Promise((resolve) => csv.once('drain', resolve));
      }
    },
    async end() {
      csv.end();
      await done;
    },
  };
}

/** XLSX through exceljs' streaming writer: each row is committed and leaves memory. */
function xlsxWriter(out: Writable): PoliceFileWriter {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet('Danh sach xac thuc');
  sheet.addRow(POLICE_COLUMNS.map((c) => c.header)).commit();
  return {
    async write(rows) {
      for (const r of rows) sheet.addRow(cells(r)).commit();
    },
    async end() {
      sheet.commit();
      await book.commit();
      // The zip's last bytes may still be on their way into `out`.
      await finished(out);
    },
  };
}

/** A writer of the police list in this format. */
export function policeFileWriter(format: PoliceFormat, out: Writable): PoliceFileWriter {
  return format === 'csv' ? csvWriter(out) : xlsxWriter(out);
}
