import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

/** Column order of an officer's beneficiary sheet. */
export const BENEFICIARY_COLUMNS = [
  'national_id',
  'full_name',
  'date_of_birth',
  'gender',
  'ethnicity',
  'phone',
  'province_code',
  'commune_code',
  'category',
  'decision_number',
  'decision_date',
  'monthly_amount',
  'payment_method',
] as const;
/** Column order of a payment sheet. */
export const PAYMENT_COLUMNS = [
  'national_id',
  'period',
  'amount',
  'status',
  'method',
  'paid_at',
  'failure_reason',
  'pickup_place',
  'pickup_from',
  'pickup_to',
] as const;

let serial = 0;
/** A valid beneficiary row (strings as an officer types them); override what the test is about. */
export function aBeneficiaryRow(overrides: Record<string, string> = {}): Record<string, string> {
  serial++;
  return {
    national_id: `0011900${String(10000 + serial).slice(-5)}`,
    full_name: 'Nguyễn Thị Lan',
    date_of_birth: '12/03/1948',
    gender: 'nữ',
    ethnicity: 'Kinh',
    phone: `09123${String(10000 + serial).slice(-5)}`,
    province_code: '01',
    commune_code: '00004',
    category: 'social_assistance',
    decision_number: '15/QĐ-UBND',
    decision_date: '2024-02-01',
    monthly_amount: '500.000',
    payment_method: 'bank',
    ...overrides,
  };
}

/** A payment row for a national ID. */
export function aPaymentRow(nationalId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    national_id: nationalId,
    period: '2026-11',
    amount: '500000',
    status: 'scheduled',
    method: '',
    paid_at: '',
    failure_reason: '',
    pickup_place: '',
    pickup_from: '',
    pickup_to: '',
    ...overrides,
  };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes rows as a UTF-8 CSV (with a BOM unless told otherwise) and returns its path. */
export function writeCsv(
  dir: string,
  name: string,
  columns: readonly string[],
  rows: Record<string, string>[],
  opts: { bom?: boolean; header?: string[] } = {},
): string {
  const file = path.join(dir, name);
  const lines = [
    (opts.header ?? columns).map(csvCell).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(',')),
  ];
  fs.writeFileSync(file, (opts.bom === false ? '' : '\uFEFF') + lines.join('\n') + '\n');
  return file;
}

/** Writes an XLSX with the given header labels and cell values (numbers and dates kept as such). */
export async function writeXlsx(dir: string, name: string, header: string[], rows: unknown[][]): Promise<string> {
  const file = path.join(dir, name);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}
