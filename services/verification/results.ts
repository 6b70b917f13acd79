import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { importFile, type ImportReport } from '../imports/run-import.js';
import { actorOf, reaches, type Acting } from '../officers/scope.js';

/** The police's answer: a file at the server (CLI) or the bytes the mini-app uploaded with their file name. */
export type ResultsSource = { path: string } | { buffer: Buffer; fileName: string };

const BAD_NAME = {
  vi: 'Tệp kết quả phải là CSV hoặc XLSX (.csv, .xlsx).',
  en: 'The results file must be CSV or XLSX (.csv, .xlsx).',
};

/**
 * Imports the commune police's results as the officer: the `account-verifications` import with the
 * officer's rules row by row (unknown ID, record outside the scope, details not with the police are
 * rejected with the reason; a result already applied is unchanged), good rows applied and their
 * notices sent once. An upload is read from a private temporary folder removed at once (the
 * import reads files; no rejects file is written next to it).
 */
export async function importVerificationResults(
  acting: Acting,
  source: ResultsSource,
  sealer: Sealer,
): Promise<ImportReport> {
  const ctx = { sealer, entryPoint: acting.entryPoint, actor: actorOf(acting.scope) };
  const verificationRules = {
    reaches: (place: { communeCode: string; provinceCode: string }) => reaches(acting.scope, place),
  };
  if ('path' in source) return importFile('account-verifications', source.path, ctx, { verificationRules });
  const ext = path.extname(source.fileName).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new AppError('invalid_input', BAD_NAME);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tas-results-'));
  try {
    const file = path.join(dir, `ket-qua${ext}`);
    await writeFile(file, source.buffer, { mode: 0o600 });
    const report = await importFile('account-verifications', file, ctx, { verificationRules, writeRejects: false });
    return { ...report, file: path.basename(source.fileName) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
