import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { missingData } from '../../models/missing-data.js';
import { maskTail } from '../mask.js';
import { formatDateVi } from '../validation/values.js';
import { isMissingField, MISSING_FIELDS, MISSING_LABELS } from '../register/missing-fields.js';
import { areaFor, auditList, missingDataReport } from './missing-data.js';
import type { Acting } from './scope.js';

/** Rows read from the database, written and audited together: one read and one audit entry per this many rows. */
const CHUNK = 1000;

const label = (f: (typeof MISSING_FIELDS)[number]) => `${MISSING_LABELS[f].vi} / ${MISSING_LABELS[f].en}`;

/**
 * Writes the missing-data report of the officer's area as an XLSX workbook to `out`, streamed (made
 * on the fly, never stored): sheet 1 the per-commune counts, ranked; sheet 2 every active record that
 * lacks something (name, date of birth, commune, masked ID, what is missing). Each chunk of rows
 * written is audited with its records' ids. Returns how many records the list holds.
 */
export async function writeMissingDataXlsx(
  acting: Acting,
  opts: { communes?: string[] },
  out: Writable,
): Promise<{ rows: number }> {
  const report = await missingDataReport(acting, opts);
  const area = await areaFor(acting.scope, opts.communes);
  const names = new Map(report.communes.map((c) => [c.code, c.name]));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });

  const counts = book.addWorksheet('Theo xã - By commune');
  counts
    .addRow([
      'Mã xã / Code',
      'Xã, phường / Commune',
      'Đang hưởng / Active',
      'Thiếu ít nhất một / Missing any',
      ...MISSING_FIELDS.map(label),
    ])
    .commit();
  for (const c of report.communes)
    counts.addRow([c.code, c.name, c.active, c.missingAny, ...MISSING_FIELDS.map((f) => c.missing[f])]).commit();
  const t = report.totals;
  counts.addRow(['', 'Tổng cộng / Total', t.active, t.missingAny, ...MISSING_FIELDS.map((f) => t.missing[f])]).commit();
  counts.commit();

  const list = book.addWorksheet('Danh sách - List');
  list
    .addRow([
      'Họ và tên / Full name',
      'Ngày sinh / Date of birth',
      'Xã, phường / Commune',
      'Số định danh (che) / ID (masked)',
      'Còn thiếu / Missing',
    ])
    .commit();
  let rows = 0;
  let chunk: string[] = [];
  for await (const r of missingData.scan(area, MISSING_FIELDS, CHUNK)) {
    const lacking = r.missing.filter(isMissingField);
    list
      .addRow([
        r.fullName,
        r.dateOfBirth ? formatDateVi(r.dateOfBirth) : '',
        names.get(r.communeCode) ?? r.communeCode,
        maskTail(r.idLast4),
        lacking.map((f) => MISSING_LABELS[f].vi).join('; '),
      ])
      .commit();
    rows++;
    chunk.push(r.id);
    if (chunk.length === CHUNK) {
      await auditList(acting, chunk, 'missing-data xlsx');
      chunk = [];
    }
  }
  if (chunk.length) await auditList(acting, chunk, 'missing-data xlsx');
  list.commit();
  await book.commit();
  return { rows };
}
