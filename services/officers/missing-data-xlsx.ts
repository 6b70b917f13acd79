// STUB (helper C, officer mini-app): helper D writes the real one; the lead keeps D's at merge.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { areaOf, type Acting } from './scope.js';
import { provinceOfCommunes } from './missing-data.js';

/** STUB: a tiny workbook. */
export async function writeMissingDataXlsx(
  acting: Acting,
  opts: { communes?: string[] },
  out: Writable,
): Promise<{ rows: number }> {
  areaOf(acting.scope, opts.communes ?? [], await provinceOfCommunes());
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
  const ws = wb.addWorksheet('Thieu du lieu');
  ws.addRow(['Xã/phường', 'Thiếu']).commit();
  ws.addRow(['Phường Ba Đình', 1]).commit();
  await wb.commit();
  return { rows: 1 };
}
