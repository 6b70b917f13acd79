// STUB (helper C, officer mini-app): helper B writes the real one; the lead keeps B's at merge.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Sealer } from '../crypto.js';
import { accounts } from '../../models/account.js';
import { beneficiaries } from '../../models/beneficiary.js';
import { areaOf, assertReaches, type Acting } from '../officers/scope.js';
import { communesByCode } from '../register/communes.js';

/** STUB: one fixed row; scope-checked. */
export async function exportForPolice(
  acting: Acting,
  opts: { communes?: string[]; accountRefs?: string[] },
  format: 'csv' | 'xlsx',
  out: Writable,
  _sealer: Sealer,
): Promise<{ rows: number }> {
  areaOf(acting.scope, opts.communes ?? [], await provinceOfCommunes());
  if (opts.accountRefs?.length) {
    const found = await accounts.byIds(opts.accountRefs);
    const people = await beneficiaries.byIds(found.map((a) => a.beneficiaryId));
    for (const b of people) assertReaches(acting.scope, b);
  }
  const header = ['Họ và tên', 'Ngày sinh'];
  const row = ['Nguyễn Thị Lan', '12/03/1948'];
  if (format === 'csv') {
    out.end(`\ufeff${header.join(',')}\r\n${row.join(',')}\r\n`);
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
    const ws = wb.addWorksheet('Danh sach');
    ws.addRow(header).commit();
    ws.addRow(row).commit();
    await wb.commit();
  }
  return { rows: 1 };
}

/** STUB. */
export function policeExportFileName(format: 'csv' | 'xlsx', communes: readonly string[], now: Date): string {
  return `xac-thuc-tai-khoan-${communes.join('-') || 'tat-ca'}-${now.toISOString().slice(0, 10)}.${format}`;
}

async function provinceOfCommunes(): Promise<Map<string, string>> {
  return new Map([...(await communesByCode())].map(([code, c]) => [code, c.provinceCode]));
}
