import type { Sealer } from '../crypto.js';
import type { ImportKind } from '../imports/columns.js';
import { runRows } from '../imports/pipeline.js';
import type { ApiClient } from '../api-keys/authenticate.js';

/** One refused row: `row` is its 1-based position in the request's `rows`, `column` the column at fault. */
export type RowError = { row: number; column: string; reason: string };

/** What a push did: the file import's counts, and its row errors by position. */
export type PushOutcome = {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Payment status changes recorded for notices. */
  changes: number;
  errors: RowError[];
};

/**
 * Stores rows a machine client pushed, through the same pipeline, checks and notices as a file
 * import of the same rows, held to the key's province. The audit log names the key.
 */
export async function pushRows(
  client: ApiClient,
  kind: Exclude<ImportKind, 'communes'>,
  rows: readonly Record<string, unknown>[],
  sealer: Sealer,
): Promise<PushOutcome> {
  const {
    rejects,
    rejectedRows: _rows,
    ...counts
  } = await runRows(
    kind,
    rows.map((values, i) => ({ line: i + 1, values })),
    { sealer, entryPoint: 'api', actor: `apikey:${client.keyId}` },
    { provinceCode: client.provinceCode, source: 'request' },
  );
  return { ...counts, errors: rejects.map((r) => ({ row: r.line, column: r.column, reason: r.reason })) };
}
