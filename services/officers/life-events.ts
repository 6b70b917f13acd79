import { beneficiaries, type MovedTo, type StoredBeneficiary } from '../../models/beneficiary.js';
import { communes } from '../../models/commune.js';
import { paymentRoutes } from '../../models/payment-routing.js';
import { provinceByCode } from '../../models/provinces.js';
import { AppError, type Localized } from '../errors.js';
import { todayInVietnam } from '../format.js';
import { communeIdFor } from '../register/communes.js';
import { countBeneficiaryChanges } from '../register/stats.js';
import { formatDateVi, parseDate } from '../validation/values.js';
import { auditOfficer } from './audit.js';
import { afterLifeEvents } from './life-event-notices.js';
import { assertReaches, unknownProvince, type Acting } from './scope.js';

export { afterLifeEvents, lifeEventsOf, LIFE_TEMPLATES, type LifeEvent } from './life-event-notices.js';

/** What recording a life event did: whether the record changed, notices cancelled, messages queued. */
export type LifeEventOutcome = { changed: boolean; cancelled: number; sent: number };

const NOT_FOUND: Localized = { vi: 'Không tìm thấy hồ sơ này.', en: 'This record was not found.' };

const invalid = (field: string, words: Localized) =>
  new AppError('invalid_input', words, { fields: { [field]: words } });

/**
 * An officer records that a beneficiary has died: check the date (required, a real date, not in the
 * future, not before birth) → check the record is within reach → record it → cancel what waits for
 * it and tell the linked chats about the funeral allowance, once.
 */
export async function markDeceased(
  acting: Acting,
  beneficiaryRef: string,
  input: { dateOfDeath?: unknown },
): Promise<LifeEventOutcome> {
  const record = await recordInReach(acting, beneficiaryRef);
  const dateOfDeath = checkDateOfDeath(input.dateOfDeath, todayInVietnam(acting.now()), record.dateOfBirth);
  return endRecord(acting, record, 'deceased', { dateOfDeath });
}

/** An officer records that a record moved to another commune or province (where, when known). */
export async function markMovedOut(
  acting: Acting,
  beneficiaryRef: string,
  input: { toCommuneCode?: string; toProvinceCode?: string },
): Promise<LifeEventOutcome> {
  const record = await recordInReach(acting, beneficiaryRef);
  const movedTo = await destination(input);
  return endRecord(acting, record, 'moved_out', movedTo ? { movedTo } : {});
}

async function recordInReach(acting: Acting, ref: string): Promise<StoredBeneficiary> {
  const record = /^[0-9a-f]{24}$/.test(ref) ? await beneficiaries.byId(ref) : null;
  if (!record) throw new AppError('not_found', NOT_FOUND);
  assertReaches(acting.scope, record);
  return record;
}

function checkDateOfDeath(raw: unknown, today: string, dateOfBirth: string): string {
  if (raw === undefined || raw === null || raw === '')
    throw invalid('dateOfDeath', { vi: 'Xin nhập ngày mất.', en: 'Please enter the date of death.' });
  const parsed = parseDate(raw);
  if (!parsed.ok) throw invalid('dateOfDeath', { vi: parsed.reason, en: 'The date of death is not a valid date.' });
  if (parsed.value > today)
    throw invalid('dateOfDeath', {
      vi: `Ngày mất ${formatDateVi(parsed.value)} ở sau ngày hôm nay (${formatDateVi(today)}); xin kiểm tra lại.`,
      en: `The date of death ${formatDateVi(parsed.value)} is after today (${formatDateVi(today)}); please check it.`,
    });
  if (dateOfBirth && parsed.value < dateOfBirth)
    throw invalid('dateOfDeath', {
      vi: `Ngày mất ${formatDateVi(parsed.value)} ở trước ngày sinh (${formatDateVi(dateOfBirth)}); xin kiểm tra lại.`,
      en: `The date of death ${formatDateVi(parsed.value)} is before the date of birth (${formatDateVi(dateOfBirth)}); please check it.`,
    });
  return parsed.value;
}

async function destination(input: { toCommuneCode?: string; toProvinceCode?: string }): Promise<MovedTo | null> {
  const communeCode = input.toCommuneCode?.trim() || undefined;
  const provinceCode = input.toProvinceCode?.trim() || undefined;
  if (communeCode) {
    const commune = /^\d{5}$/.test(communeCode) ? await communes.byId(communeIdFor(communeCode)) : null;
    if (!commune)
      throw invalid('toCommuneCode', {
        vi: `Mã xã ${communeCode} chưa có trong danh mục xã.`,
        en: `Commune code ${communeCode} is not in the list of communes.`,
      });
    if (provinceCode && provinceCode !== commune.provinceCode)
      throw invalid('toProvinceCode', {
        vi: `Xã ${commune.name} không thuộc tỉnh có mã ${provinceCode}.`,
        en: `${commune.name} is not in province ${provinceCode}.`,
      });
    return { communeCode: commune.code, provinceCode: commune.provinceCode };
  }
  if (!provinceCode) return null;
  if (!provinceByCode(provinceCode)) throw invalid('toProvinceCode', unknownProvince(provinceCode));
  return { provinceCode };
}

/** Stores the end (one conditional update), keeps the payment route and the figures in step, audits, then notifies. */
async function endRecord(
  acting: Acting,
  record: StoredBeneficiary,
  status: 'deceased' | 'moved_out',
  facts: { dateOfDeath?: string; movedTo?: MovedTo },
): Promise<LifeEventOutcome> {
  const before = await beneficiaries.end(record.id, status, facts);
  if (before && before.status !== status) {
    const current = await paymentRoutes.byBeneficiaryIds([record.id]);
    const route = current.get(record.id);
    if (route) await paymentRoutes.write([{ ...route, status }], current);
    await countBeneficiaryChanges(
      [],
      [{ before: { status: before.status, missing: before.missing }, after: { status, missing: before.missing } }],
    );
  }
  await auditOfficer(acting, {
    action: status === 'deceased' ? 'mark_deceased' : 'mark_moved_out',
    entity: 'beneficiary',
    entityIds: [record.id],
    fields: ['status', ...Object.keys(facts)],
    ...(before ? {} : { note: 'unchanged' }),
  });
  const outcome = await afterLifeEvents([{ beneficiaryId: record.id, kind: status }], acting.now());
  return { changed: before !== null, ...outcome };
}
