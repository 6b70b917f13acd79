import path from 'node:path';
import type { ImportReport } from '../../services/imports/run-import.js';
import { out } from './command.js';

/** What an import did, for the officer at the terminal: counts, the first 30 problems, the rejects file. */
export function printReport(r: ImportReport): void {
  out(`Tệp / file: ${path.basename(r.file)} (${r.kind})`);
  out(`  Số dòng đọc được / rows read: ${r.rowsRead}`);
  out(
    `  Thêm mới / created: ${r.created} · Cập nhật / updated: ${r.updated} · Không đổi / unchanged: ${r.unchanged} · Bị từ chối / rejected: ${r.rejected}`,
  );
  if (r.kind === 'payments') out(`  Thay đổi trạng thái chờ thông báo / status changes to announce: ${r.changes}`);
  for (const x of r.rejects.slice(0, 30)) out(`  - Dòng ${x.line}, cột ${x.columnLabel}: ${x.reason}`);
  if (r.rejects.length > 30) out(`  … và ${r.rejects.length - 30} lỗi khác / more`);
  if (r.rejectsFile) out(`  Các dòng bị từ chối đã ghi vào / rejected rows written to: ${r.rejectsFile}`);
}
