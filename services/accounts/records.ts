import { accounts, type StoredAccount, type VerificationState } from '../../models/account.js';
import { auditLog } from '../../models/audit.js';
import { beneficiaries, type StoredBeneficiary } from '../../models/beneficiary.js';
import { chats } from '../../models/chat.js';
import { communes } from '../../models/commune.js';
import { provinceByCode } from '../../models/provinces.js';
import type { WebEntry, WebSubject } from '../../models/web-session.js';
import { AppError } from '../errors.js';
import { chatIdFor } from '../linking/chats.js';
import { maskTail } from '../mask.js';
import { accountIdFor } from '../../models/ids.js';
import { communeIdFor } from '../register/communes.js';
import { ENDED_STATES } from '../status/payment-status.js';
import { REFUSALS } from './words.js';

/** One record as the mini-app shows it: identifiers masked, nothing a stranger could use. */
export type RecordView = {
  ref: string;
  fullName: string;
  idMasked: string;
  communeName: string;
  provinceName: string;
  status: StoredBeneficiary['status'];
  guardian: { name: string; relation: string | null } | null;
  account: {
    type: string;
    providerCode: string;
    providerName: string;
    numberMasked: string;
    holderName: string;
    owner: 'self' | 'authorized';
    submittedAt: string;
  } | null;
  verification: { state: VerificationState; mismatchFields: string[]; reason: string | null; at: string } | null;
  needsOfficerReview: boolean;
  confirmedAt: string | null;
};

/** Who is looking, for the audit log: never a platform id or a personal number. */
export type Viewer = { subject: WebSubject; entry: WebEntry };

/** The audit actor of a viewer: the chat's internal id, or the record a web link was issued for. */
export function actorOf(v: Viewer): string {
  const s = v.subject;
  if (s.kind === 'chat') return `chat:${chatIdFor(s)}`;
  return s.kind === 'officer' ? `officer:${s.officerId}` : `record:${s.beneficiaryId}`;
}

/**
 * The records a viewer may see as a beneficiary's side: the chat's linked records, or the one record
 * a link was issued for. An officer web link sees none here (officers read records through their scope).
 */
export async function recordIdsOf(subject: WebSubject): Promise<string[]> {
  if (subject.kind === 'beneficiary') return [subject.beneficiaryId];
  if (subject.kind === 'officer') return [];
  return (await chats.byId(chatIdFor(subject)))?.beneficiaryIds ?? [];
}

function viewOf(b: StoredBeneficiary, a: StoredAccount | undefined, communeName: string, period: string): RecordView {
  return {
    ref: b.id,
    fullName: b.fullName,
    idMasked: maskTail(b.nationalId.last4),
    communeName,
    provinceName: provinceByCode(b.provinceCode)?.name ?? b.provinceCode,
    status: b.status,
    guardian: b.guardian ? { name: b.guardian.name, relation: b.guardian.relation } : null,
    account: a
      ? {
          type: a.current.type,
          providerCode: a.current.providerCode,
          providerName: a.current.providerName,
          numberMasked: maskTail(a.current.number.last4),
          holderName: a.current.holderName,
          owner: a.current.owner,
          submittedAt: a.current.submittedAt.toISOString(),
        }
      : null,
    verification: a
      ? {
          state: a.verification.state,
          mismatchFields: a.verification.mismatchFields ?? [],
          reason: a.verification.reason ?? null,
          at: new Date(a.verification.at).toISOString(),
        }
      : null,
    needsOfficerReview: Boolean(a?.proposedGuardian),
    confirmedAt:
      a?.confirmation && a.confirmation.period === period && a.confirmation.version === a.version
        ? new Date(a.confirmation.at).toISOString()
        : null,
  };
}

/** Builds the views of these records (in the given order) without auditing; `period` decides what counts as confirmed. */
export async function buildViews(ids: readonly string[], period: string): Promise<RecordView[]> {
  const [records, accs] = await Promise.all([beneficiaries.byIds(ids), accounts.byIds(ids.map(accountIdFor))]);
  const communeNames = new Map(
    (await communes.byIds([...new Set(records.map((r) => communeIdFor(r.communeCode)))])).map((c) => [c.code, c.name]),
  );
  const byId = new Map(records.map((r) => [r.id, r]));
  const accountOf = new Map(accs.map((a) => [a.beneficiaryId, a]));
  return ids.flatMap((id) => {
    const b = byId.get(id);
    return b ? [viewOf(b, accountOf.get(id), communeNames.get(b.communeCode) ?? b.communeCode, period)] : [];
  });
}

/** Every record the viewer may see, as views; each view of account details is audited. */
export async function viewRecords(viewer: Viewer, period: string): Promise<RecordView[]> {
  const views = await buildViews(await recordIdsOf(viewer.subject), period);
  const seen = views.filter((v) => v.account).map((v) => accountIdFor(v.ref));
  if (seen.length)
    await auditLog.append([
      {
        entryPoint: 'miniapp',
        via: viewer.entry,
        actor: actorOf(viewer),
        action: 'view',
        entity: 'account',
        entityIds: seen,
      },
    ]);
  return views;
}

/** The record, after the viewer proved it is theirs to see and it still receives the allowance. */
export async function assertOwnRecord(
  viewer: Viewer,
  ref: string,
  opts: { active: boolean },
): Promise<StoredBeneficiary> {
  const mine = await recordIdsOf(viewer.subject);
  const record = mine.includes(ref) ? await beneficiaries.byId(ref) : null;
  if (!record) throw new AppError('not_found', REFUSALS.notYours);
  if (opts.active && ENDED_STATES.has(record.status)) throw new AppError('conflict', REFUSALS.ended);
  return record;
}
