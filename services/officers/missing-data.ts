import { communes } from '../../models/commune.js';
import { missingData, type AreaFilter, type MissingGroup } from '../../models/missing-data.js';
import { AppError } from '../errors.js';
import { maskTail } from '../mask.js';
import { communeIdFor } from '../register/communes.js';
import { isMissingField, MISSING_FIELDS, MISSING_LABELS, type MissingField } from '../register/missing-fields.js';
import { auditOfficer } from './audit.js';
import { areaOf, type Acting, type Scope } from './scope.js';

export { MISSING_FIELDS, MISSING_LABELS, type MissingField };

/** Active records, those lacking at least one required field, and how many lack each. */
export type MissingCounts = { active: number; missingAny: number; missing: Record<MissingField, number> };

/** One commune's line of the report. */
export type CommuneMissing = MissingCounts & { code: string; name: string };

/** One record of the list; the ID only by its last four digits. */
export type MissingItem = {
  ref: string;
  fullName: string;
  dateOfBirth: string;
  communeCode: string;
  communeName: string;
  idMasked: string;
  missing: MissingField[];
};

/** Counts of nothing yet. */
export const zero = (): MissingCounts => ({
  active: 0,
  missingAny: 0,
  missing: Object.fromEntries(MISSING_FIELDS.map((f) => [f, 0])) as Record<MissingField, number>,
});

/** The area an officer asks about: their own, narrowed to the communes named; a commune outside it is refused. */
export async function areaFor(scope: Scope, requested: readonly string[] = []): Promise<AreaFilter> {
  const wanted = [...new Set(requested.map((c) => c.trim()).filter(Boolean))];
  const provinceOf =
    scope.role === 'province_admin' && wanted.length
      ? new Map((await communes.byIds(wanted.map(communeIdFor))).map((c) => [c.code, c.provinceCode]))
      : undefined;
  return areaOf(scope, wanted, provinceOf);
}

/** Adds one group of records (same commune, same missing fields) to a commune's counts. */
export function add(counts: MissingCounts, g: MissingGroup): void {
  const lacking = g.missing.filter(isMissingField);
  counts.active += g.count;
  if (lacking.length) counts.missingAny += g.count;
  for (const f of lacking) counts.missing[f] += g.count;
}

/** Commune codes to names, in one read. */
async function communeNames(codes: readonly string[]): Promise<Map<string, string>> {
  const found = await communes.byIds([...new Set(codes)].map(communeIdFor));
  return new Map(found.map((c) => [c.code, c.name]));
}

/**
 * Per commune and in total, how many active records in the officer's area lack each required field
 * (the seeds' figures, live); communes ranked by records missing anything, most first. Counts only,
 * so no personal data is read. Two commands: one aggregation, one read of the communes' names.
 */
export async function missingDataReport(
  acting: Acting,
  opts: { communes?: string[] } = {},
): Promise<{ communes: CommuneMissing[]; totals: MissingCounts }> {
  const area = await areaFor(acting.scope, opts.communes);
  const groups = await missingData.groups(area);
  const byCommune = new Map<string, MissingCounts>();
  for (const code of area.communeCodes ?? []) byCommune.set(code, zero());
  const totals = zero();
  for (const g of groups) {
    if (!byCommune.has(g.communeCode)) byCommune.set(g.communeCode, zero());
    add(byCommune.get(g.communeCode)!, g);
    add(totals, g);
  }
  const names = await communeNames([...byCommune.keys()]);
  const rows = [...byCommune].map(([code, c]) => ({ code, name: names.get(code) ?? code, ...c }));
  rows.sort((a, b) => b.missingAny - a.missingAny || b.active - a.active || a.code.localeCompare(b.code));
  return { communes: rows, totals };
}

/** Checks a field name from a request. */
export function fieldOf(field: string | undefined): MissingField | undefined {
  if (field === undefined || field === '') return undefined;
  if (isMissingField(field)) return field;
  throw new AppError('invalid_input', {
    vi: `Không có trường "${field}". Chọn một trong: ${MISSING_FIELDS.map((f) => MISSING_LABELS[f].vi).join(', ')}.`,
    en: `There is no field "${field}". Choose one of: ${MISSING_FIELDS.join(', ')}.`,
  });
}

/**
 * One page (from 1) of the active records in the officer's area that lack `field` (or any required
 * field), by commune then name; the read is audited with the records' ids.
 */
export async function missingDataList(
  acting: Acting,
  opts: { commune?: string; field?: string; page?: number; pageSize?: number } = {},
): Promise<{ items: MissingItem[]; total: number; page: number; pageSize: number }> {
  const field = fieldOf(opts.field);
  const pageSize = Math.min(Math.max(1, Math.floor(opts.pageSize ?? 50)), 200);
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const area = await areaFor(acting.scope, opts.commune ? [opts.commune] : []);
  const { rows, total } = await missingData.page(
    area,
    field ? [field] : MISSING_FIELDS,
    (page - 1) * pageSize,
    pageSize,
  );
  const names = await communeNames(rows.map((r) => r.communeCode));
  const items = rows.map((r) => ({
    ref: r.id,
    fullName: r.fullName,
    dateOfBirth: r.dateOfBirth,
    communeCode: r.communeCode,
    communeName: names.get(r.communeCode) ?? r.communeCode,
    idMasked: maskTail(r.idLast4),
    missing: r.missing.filter(isMissingField),
  }));
  if (items.length)
    await auditList(
      acting,
      items.map((i) => i.ref),
    );
  return { items, total, page, pageSize };
}

/** Audits a read of the missing-data list (names, dates of birth, masked IDs): ids and field names only. */
export async function auditList(acting: Acting, ids: string[], note = 'missing-data list'): Promise<void> {
  await auditOfficer(acting, {
    action: 'read',
    entity: 'beneficiary',
    entityIds: ids,
    fields: ['fullName', 'dateOfBirth', 'nationalId.last4', 'missing'],
    note,
  });
}
