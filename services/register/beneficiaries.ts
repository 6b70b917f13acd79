import { auditLog } from '../../models/audit.js';
import { beneficiaries, type StoredBeneficiary } from '../../models/beneficiary.js';
import { accounts } from '../../models/account.js';
import { stableId } from '../crypto.js';
import { beneficiaryIdFor, contentHash, sealNumber, type WriteContext } from './context.js';
import { findProvider } from './providers.js';
import { indexPhones } from '../linking/phones.js';

/** A validated beneficiary row, as an import or the demo produces it. */
export type BeneficiaryInput = {
  nationalId: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female' | null;
  ethnicity: string | null;
  phone: string | null;
  provinceCode: string;
  communeCode: string;
  category: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  monthlyAmount: number;
  paymentMethod: string;
  status: StoredBeneficiary['status'];
  guardian: { name: string; nationalId: string | null; phone: string | null; relation: string | null } | null;
  account: { providerCode: string; number: string; holderName: string } | null;
};

/** Fields whose absence the seeds count nationally. */
export function missingFields(b: BeneficiaryInput): string[] {
  const missing: string[] = [];
  if (!b.gender) missing.push('gender');
  if (!b.ethnicity) missing.push('ethnicity');
  if (!b.decisionNumber || !b.decisionDate) missing.push('decision');
  if (!b.phone && !b.guardian?.phone) missing.push('phone');
  return missing;
}

/** What saving a batch did, by input position. */
export type SaveOutcome = { created: number; updated: number; unchanged: number; conflicts: number[] };

/** Stores a batch of beneficiaries idempotently: unchanged rows write nothing, changes are audited. */
export async function saveBeneficiaries(inputs: BeneficiaryInput[], ctx: WriteContext): Promise<SaveOutcome> {
  const docs = inputs.map((b) => {
    const { account: _account, ...content } = b;
    return {
      _id: beneficiaryIdFor(ctx.sealer, b.nationalId),
      nationalId: sealNumber(ctx.sealer, 'national_id', b.nationalId),
      fullName: b.fullName,
      dateOfBirth: b.dateOfBirth,
      gender: b.gender,
      ethnicity: b.ethnicity,
      phone: b.phone ? sealNumber(ctx.sealer, 'phone', b.phone) : null,
      provinceCode: b.provinceCode,
      communeCode: b.communeCode,
      category: b.category,
      decisionNumber: b.decisionNumber,
      decisionDate: b.decisionDate,
      monthlyAmount: b.monthlyAmount,
      paymentMethod: b.paymentMethod,
      status: b.status,
      guardian: b.guardian
        ? {
            name: b.guardian.name,
            relation: b.guardian.relation,
            nationalId: b.guardian.nationalId ? sealNumber(ctx.sealer, 'national_id', b.guardian.nationalId) : null,
            phone: b.guardian.phone ? sealNumber(ctx.sealer, 'phone', b.guardian.phone) : null,
          }
        : null,
      missing: missingFields(b),
      contentHash: contentHash(ctx.sealer, content),
    };
  });
  const res = await beneficiaries.sync(docs);
  await saveInitialAccounts(inputs, ctx);
  await indexPhones(ctx.sealer, docs.map((d, i) => ({ beneficiaryId: d._id, phones: [inputs[i]!.phone, inputs[i]!.guardian?.phone] })));
  await auditLog.append([
    ...(res.created.length ? [{ entryPoint: ctx.entryPoint, actor: ctx.actor, action: 'create', entity: 'beneficiary', entityIds: res.created }] : []),
    ...(res.updated.length ? [{ entryPoint: ctx.entryPoint, actor: ctx.actor, action: 'update', entity: 'beneficiary', entityIds: res.updated }] : []),
  ]);
  const conflicted = new Set(res.conflicts);
  return {
    created: res.created.length,
    updated: res.updated.length,
    unchanged: res.unchanged.length,
    conflicts: docs.flatMap((d, i) => (conflicted.has(d._id) ? [i] : [])),
  };
}

/** Account details given in a beneficiary file start the verification cycle, once. */
async function saveInitialAccounts(inputs: BeneficiaryInput[], ctx: WriteContext): Promise<void> {
  const submittedAt = new Date();
  const rows = inputs.flatMap((b) => {
    const provider = b.account ? findProvider(b.account.providerCode) : undefined;
    if (!b.account || !provider) return [];
    const beneficiaryId = beneficiaryIdFor(ctx.sealer, b.nationalId);
    return [{
      id: accountIdFor(beneficiaryId),
      beneficiaryId,
      current: {
        type: provider.type,
        providerCode: provider.code,
        providerName: provider.shortName,
        number: sealNumber(ctx.sealer, 'account_number', b.account.number),
        holderName: b.account.holderName,
        owner: b.guardian && b.account.holderName !== b.fullName ? ('authorized' as const) : ('self' as const),
        submittedAt,
        source: ctx.entryPoint,
      },
    }];
  });
  await accounts.createManyIfAbsent(rows);
}

/** The id of a beneficiary's account-details document. */
export function accountIdFor(beneficiaryId: string): string {
  return stableId('account', beneficiaryId);
}
