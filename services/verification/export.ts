import type { Writable } from 'node:stream';
import { beneficiaries } from '../../models/beneficiary.js';
import { communes as communeRecords } from '../../models/commune.js';
import { paymentRoutes } from '../../models/payment-routing.js';
import { provinceByCode } from '../../models/provinces.js';
import { verificationQueue as queued, type QueuedAccount } from '../../models/verification-queue.js';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { formatDate } from '../format.js';
import { auditOfficer } from '../officers/audit.js';
import { communeIdFor } from '../register/communes.js';
import { assertReaches, SCOPE_WORDS, type Acting } from '../officers/scope.js';
import { policeFileWriter, type PoliceFormat, type PoliceRow } from './police-file.js';
import { areaWithCommunes } from './queue.js';

/** Accounts read per database reply and written per step: three commands per batch, so under two per 1,000 rows. */
const BATCH = 2000;
/** Payment routes and the audit log are brought up to date every this many rows (one command each). */
const FLUSH_EVERY = 10_000;

const WORDS = {
  unknown: { vi: 'Không tìm thấy một số hồ sơ đã chọn.', en: 'Some of the selected records were not found.' },
  notWaiting: {
    vi: 'Chỉ gửi công an được hồ sơ đang chờ xác thực (đã khai hoặc đang xác thực).',
    en: 'Only records waiting for verification (submitted or being verified) can be sent to the police.',
  },
};

/** What the export goes over: the area's submitted details, or the accounts the officer picked. */
export type ExportSelection = { communes?: string[]; accountRefs?: string[] };

/** The name of the downloaded file: what, where, and the day in Vietnam. */
export function policeExportFileName(format: PoliceFormat, communes: readonly string[], now: Date): string {
  const day = formatDate(now).split('/').reverse().join('');
  const where = communes.length ? [...communes].sort().join('-') : 'tat-ca';
  return `xac-thuc-tai-khoan_${where}_${day}.${format}`;
}

/** The picked accounts, checked whole before anything is written: each exists, is within reach and waits. */
async function pickedAccounts(acting: Acting, refs: readonly string[], communes: readonly string[]) {
  const wanted = [...new Set(refs)];
  if (wanted.some((r) => !/^[0-9a-f]{24}$/.test(r))) throw new AppError('not_found', WORDS.unknown);
  const found = await queued.byIds(wanted);
  if (found.length !== wanted.length) throw new AppError('not_found', WORDS.unknown);
  for (const a of found) {
    assertReaches(acting.scope, { communeCode: a.communeCode ?? '', provinceCode: a.provinceCode ?? '' });
    if (communes.length && !communes.includes(a.communeCode ?? ''))
      throw new AppError('forbidden', SCOPE_WORDS.communeOutside);
    if (a.state !== 'submitted' && a.state !== 'verifying') throw new AppError('conflict', WORDS.notWaiting);
  }
  return found.sort((a, b) => a.current.submittedAt.getTime() - b.current.submittedAt.getTime());
}

/** Refuses (403/404/409) what `exportForPolice` would refuse, without writing anything: for a download URL made ahead. */
export async function checkPoliceSelection(acting: Acting, selection: ExportSelection): Promise<void> {
  const communes = [...new Set(selection.communes ?? [])];
  await areaWithCommunes(acting, communes);
  if (selection.accountRefs) await pickedAccounts(acting, selection.accountRefs, communes);
}

async function* chunks(rows: QueuedAccount[]): AsyncGenerator<QueuedAccount[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

/**
 * Streams the list for the commune police (CSV or XLSX) to `out`, never storing it: the area's
 * `submitted` details, or the picked accounts (refused whole, 403/404/409, before a byte is written).
 * Each batch: read the accounts, read their records, move the accounts to `verifying` (only those
 * still submitted at the version read; another export's rows stay in it), write the rows. Payment
 * routes follow and the export is audited every 10,000 rows.
 */
export async function exportForPolice(
  acting: Acting,
  selection: ExportSelection,
  format: PoliceFormat,
  out: Writable,
  sealer: Sealer,
): Promise<{ rows: number }> {
  const communes = [...new Set(selection.communes ?? [])];
  const { area, names } = await areaWithCommunes(acting, communes);
  const source = selection.accountRefs
    ? chunks(await pickedAccounts(acting, selection.accountRefs, communes))
    : queued.batches(area, ['submitted'], BATCH);
  const writer = policeFileWriter(format, out);
  const now = acting.now();
  let rows = 0;
  // Only the two ids wait for the flush: whole accounts would keep every exported row in memory.
  let pending: { id: string; beneficiaryId: string }[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const done = pending;
    pending = [];
    await Promise.all([
      paymentRoutes.markVerifying(done.map((a) => a.beneficiaryId)),
      auditOfficer(acting, { action: 'export', entity: 'account', entityIds: done.map((a) => a.id) }),
    ]);
  };
  for await (const batch of source) {
    const [people, sent] = await Promise.all([
      beneficiaries.identities(batch.map((a) => a.beneficiaryId)),
      markSent(batch, now),
    ]);
    const missingNames = [...new Set(sent.map((a) => a.communeCode ?? ''))].filter((c) => c && !names.has(c));
    if (missingNames.length) for (const [c, n] of await communeNames(missingNames)) names.set(c, n);
    await writer.write(
      sent.flatMap((a) => {
        const b = people.get(a.beneficiaryId);
        if (!b) return [];
        return [rowOf(++rows, a, b, names, sealer)];
      }),
    );
    for (const a of sent) pending.push({ id: a.id, beneficiaryId: a.beneficiaryId });
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  // The last batch is audited before the file ends: once the officer has the whole file, its audit is already written.
  await flush();
  await writer.end();
  return { rows };
}

/** Moves the submitted ones of a batch to `verifying`; the rows that go in the file (those it moved, and those already there). */
async function markSent(batch: QueuedAccount[], now: Date): Promise<QueuedAccount[]> {
  const submitted = batch.filter((a) => a.state === 'submitted');
  const moved = await queued.markVerifying(submitted, now);
  if (moved === submitted.length) return batch;
  // Some changed meanwhile (new details, or another export): keep what the police can check now.
  const latestById = new Map((await queued.byIds(batch.map((a) => a.id))).map((a) => [a.id, a]));
  return batch.filter((a) => {
    const latest = latestById.get(a.id);
    return latest?.state === 'verifying' && latest.version === a.version;
  });
}

async function communeNames(codes: string[]): Promise<Map<string, string>> {
  return new Map((await communeRecords.byIds(codes.map(communeIdFor))).map((c) => [c.code, c.name]));
}

function rowOf(
  no: number,
  a: QueuedAccount,
  b: {
    nationalId: { sealed: string };
    fullName: string;
    dateOfBirth: string;
    communeCode: string;
    provinceCode: string;
  },
  names: Map<string, string>,
  sealer: Sealer,
): PoliceRow {
  return {
    no: String(no),
    fullName: b.fullName,
    dateOfBirth: b.dateOfBirth ? formatDate(b.dateOfBirth) : '',
    nationalId: sealer.open(b.nationalId.sealed),
    commune: names.get(b.communeCode) ?? b.communeCode,
    province: provinceByCode(b.provinceCode)?.name ?? b.provinceCode,
    accountNumber: sealer.open(a.current.number.sealed),
    provider: a.current.providerName,
    owner: a.current.owner === 'self' ? 'Người hưởng' : 'Người được ủy quyền',
    holderName: a.current.holderName,
    result: '',
    mismatched: '',
    reason: '',
  };
}
