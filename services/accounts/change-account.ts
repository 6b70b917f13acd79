import { accounts, type AccountDetails, type DetailsAuthor, type ProposedGuardian } from '../../models/account.js';
import { auditLog } from '../../models/audit.js';
import type { StoredBeneficiary } from '../../models/beneficiary.js';
import { chatLinks } from '../../models/chat-link.js';
import { paymentRoutes, SUBMITTED } from '../../models/payment-routing.js';
import { AppError, type Localized } from '../errors.js';
import { maskTail } from '../mask.js';
import { notifyOfficersOfAccountChange } from '../notifications/triggers.js';
import { accountIdFor } from '../../models/ids.js';
import { noteAccountGiven } from '../register/account-given.js';
import { sealNumber } from '../register/sealing.js';
import type { Sealer } from '../crypto.js';
import { chatLinkIdFor } from '../linking/chats.js';
import { foldVietnamese } from '../validation/values.js';
import { parseAccountChange, type AccountChangeInput } from './input.js';
import { actorOf, assertOwnRecord, buildViews, type RecordView, type Viewer } from './records.js';
import { FIELD_WORDS, INVALID_FORM, REFUSALS } from './words.js';

/** What the account actions need besides the viewer: keys and a clock. */
export type AccountsContext = { sealer: Sealer; now: () => Date; period: () => string };

/** A field the person may want to look at again; the change was saved anyway. */
export type Warning = { field: string; message: Localized };

function holderWarning(input: AccountChangeInput, record: StoredBeneficiary): Warning[] {
  const expected =
    input.owner === 'self'
      ? record.fullName
      : input.owner === 'authorized'
        ? record.guardian?.name
        : input.newAuthorized?.name;
  if (!expected || foldVietnamese(expected) === foldVietnamese(input.holderName)) return [];
  const fill = (s: string) => s.replace('{name}', expected);
  return [
    {
      field: 'holderName',
      message: { vi: fill(FIELD_WORDS.holderDiffers.vi), en: fill(FIELD_WORDS.holderDiffers.en) },
    },
  ];
}

/**
 * Saves new account details for one of the viewer's records: check the form → check the record is
 * theirs and active → replace the details (the old ones go to history, verification restarts at
 * `submitted`) → write the payment route → audit → tell the commune's officers. Nothing is replaced
 * when any field is wrong.
 */
export async function changeAccount(
  viewer: Viewer,
  ref: string,
  body: unknown,
  ctx: AccountsContext,
): Promise<{ record: RecordView; warnings: Warning[] }> {
  const record = await assertOwnRecord(viewer, ref, { active: true });
  const parsed = parseAccountChange(body);
  if (!parsed.ok) throw new AppError('invalid_input', INVALID_FORM, { fields: parsed.fields });
  const input = parsed.value;
  if (input.owner === 'authorized' && !record.guardian)
    throw new AppError('invalid_input', INVALID_FORM, { fields: { owner: FIELD_WORDS.ownerNoGuardian } });

  const now = ctx.now();
  const changedBy = await authorOfViewer(viewer, record.id);
  const next: AccountDetails = {
    type: input.type,
    providerCode: input.provider.code,
    providerName: input.provider.shortName,
    number: sealNumber(ctx.sealer, 'account_number', input.accountNumber),
    holderName: input.holderName,
    owner: input.owner === 'self' ? 'self' : 'authorized',
    submittedAt: now,
    source: `miniapp:${viewer.entry}`,
    changedBy,
  };
  const proposed: ProposedGuardian | null = input.newAuthorized
    ? {
        name: input.newAuthorized.name,
        relation: input.newAuthorized.relation,
        nationalId: sealNumber(ctx.sealer, 'national_id', input.newAuthorized.nationalId),
        phone: sealNumber(ctx.sealer, 'phone', input.newAuthorized.phone),
      }
    : null;
  const version = await saveDetails(record, next, proposed, now);
  await writeRoute(record, next);
  await noteAccountGiven(record);
  await auditLog.append([
    {
      entryPoint: 'miniapp',
      via: viewer.entry,
      actor: actorOf(viewer),
      action: 'change',
      entity: 'account',
      entityIds: [accountIdFor(record.id)],
      fields: ['type', 'provider', 'number', 'holderName', 'owner', ...(proposed ? ['proposedGuardian'] : [])],
    },
  ]);
  const [view] = await buildViews([record.id], ctx.period());
  await notifyOfficersOfAccountChange(
    {
      accountId: accountIdFor(record.id),
      version,
      beneficiaryId: record.id,
      communeCode: record.communeCode,
      vars: {
        beneficiaryName: record.fullName,
        communeName: view!.communeName,
        destinationMasked: maskTail(next.number.last4),
        provider: next.providerName,
        owner: input.owner,
        via: viewer.entry,
      },
    },
    now,
  );
  return { record: view!, warnings: holderWarning(input, record) };
}

/**
 * Who is saving, as the chat's link to this record proved it (whose phone the shared contact was);
 * a code link or a web link issued for one record cannot tell the beneficiary from their relatives.
 */
async function authorOfViewer(viewer: Viewer, beneficiaryId: string): Promise<DetailsAuthor> {
  if (viewer.subject.kind !== 'chat') return 'unknown';
  const link = await chatLinks.byId(chatLinkIdFor(viewer.subject, beneficiaryId));
  return link?.relation ?? 'unknown';
}

/** Replaces the details (or creates the first ones); returns the new version. */
async function saveDetails(
  record: StoredBeneficiary,
  next: AccountDetails,
  proposed: ProposedGuardian | null,
  now: Date,
): Promise<number> {
  const id = accountIdFor(record.id);
  const place = { fullName: record.fullName, communeCode: record.communeCode, provinceCode: record.provinceCode };
  const current = await accounts.byId(id);
  if (!current) {
    const created = await accounts.createMissing(
      [{ id, beneficiaryId: record.id, place, current: next, ...(proposed ? { proposedGuardian: proposed } : {}) }],
      { lookup: false },
    );
    if (!created.length) throw new AppError('conflict', REFUSALS.changedMeanwhile);
    return 1;
  }
  if (!(await accounts.replaceCurrent(id, current.version, current, next, proposed, now, place)))
    throw new AppError('conflict', REFUSALS.changedMeanwhile);
  return current.version + 1;
}

/** Payments read the masked destination from the route (models/payment-routing.ts): keep it in step. */
async function writeRoute(record: StoredBeneficiary, next: AccountDetails): Promise<void> {
  const current = await paymentRoutes.byBeneficiaryIds([record.id]);
  const base = current.get(record.id) ?? {
    beneficiaryId: record.id,
    provinceCode: record.provinceCode,
    communeCode: record.communeCode,
    paymentMethod: record.paymentMethod,
  };
  await paymentRoutes.write(
    [
      {
        ...base,
        fullName: record.fullName,
        status: record.status,
        destination: { last4: next.number.last4, providerName: next.providerName },
        verification: SUBMITTED,
      },
    ],
    current,
  );
}
