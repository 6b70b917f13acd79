import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatDate, formatPeriod } from '../format.js';
import type { Acting } from '../officers/scope.js';
import { TASK_LABELS } from './calendar.js';
import { LATE_STATE_LABELS, lateCommunes } from './late-report.js';

/** The report's columns, Vietnamese first; a test reads the file back by them. */
export const LATE_XLSX_HEADER = [
  'Mã xã / Code',
  'Xã, phường / Commune',
  'Kỳ / Period',
  'Việc / Task',
  'Hạn / Deadline',
  'Tình trạng / State',
  'Số ngày làm việc trễ / Working days late',
  'Ngày hoàn thành / Completed on',
];

/** The file name of a report: `tre-han-01-2026-09-2026-12.xlsx`. */
export function lateReportFileName(provinceCode: string, from: string, to: string): string {
  return `tre-han-${provinceCode}-${from}-${to}.xlsx`;
}

/**
 * Writes the late-communes report as an XLSX workbook to `out` through exceljs' streaming writer:
 * one row per commune, period and task, so a province can filter and pivot it as the seeds' appendix.
 */
export async function writeLateReportXlsx(
  acting: Acting,
  opts: { provinceCode?: string; from: string; to: string },
  out: Writable,
): Promise<{ rows: number }> {
  const report = await lateCommunes(acting, opts);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet('Trễ hạn - Late');
  sheet.addRow(LATE_XLSX_HEADER).commit();
  let rows = 0;
  for (const c of report.communes)
    for (const p of c.periods)
      for (const t of p.tasks) {
        const state = LATE_STATE_LABELS[t.state];
        sheet
          .addRow([
            c.code,
            c.name,
            formatPeriod(p.period),
            TASK_LABELS[t.task].vi,
            formatDate(t.deadlineDay),
            `${state.vi} / ${state.en}`,
            t.daysLate,
            t.completedDay ? formatDate(t.completedDay) : '',
          ])
          .commit();
        rows++;
      }
  sheet.commit();
  await book.commit();
  return { rows };
}
