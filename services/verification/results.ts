// STUB (helper C, officer mini-app): helper B writes the real one; the lead keeps B's at merge.
import type { Sealer } from '../crypto.js';
import type { ImportReport } from '../imports/run-import.js';
import type { Acting } from '../officers/scope.js';

/** STUB: a fixed report with one rejected row. */
export async function importVerificationResults(
  _acting: Acting,
  source: { buffer: Buffer; fileName: string } | { path: string },
  _sealer: Sealer,
): Promise<ImportReport> {
  return {
    kind: 'account-verifications',
    file: 'fileName' in source ? source.fileName : source.path,
    rowsRead: 1,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 1,
    changes: 0,
    rejects: [
      {
        line: 2,
        column: 'national_id',
        columnLabel: 'Số định danh cá nhân',
        reason: 'Không có đối tượng nào với số định danh này.',
      },
    ],
    rejectsFile: null,
  };
}
