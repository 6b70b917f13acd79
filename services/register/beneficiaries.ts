import { auditLog } from '../../models/audit.js';
import { beneficiaries, type MovedTo, type StoredBeneficiary } from '../../models/beneficiary.js';
import { accounts } from '../../models/account.js';
import { accountPlaces } from '../../models/account-places.js';
import { missingData } from '../../models/missing-data.js';
import { NO_ACCOUNT, paymentRoutes, SUBMITTED, type PaymentRoute } from '../../models/payment-routing.js';
import { accountIdFor } from '../../models/ids.js';
import { beneficiaryIdFor, contentHash, sealNumber } from './sealing.js';
import type { WriteContext } from './writer.js';
import { findProvider } from './providers.js';
import { countBeneficiaryChanges } from './stats.js';
import { foldVietnamese } from '../validation/values.js';
import { missingFields } from './missing-fields.js';
import { afterLifeEvents, lifeEventsOf } from '../officers/life-event-notices.js';

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
  /** Only with status `deceased`, when the file gives it. */
  dateOfDeath?: string;
  /** Only with status `moved_out`: the commune or province that now handles the record, when the file gives it. */
  movedTo?: MovedTo;
};

/** What saving a batch did, by input position. */
export type SaveOutcome = { created: number; updated: number; unchanged: number; conflicts: number[] };

/**
 * Stores a batch of beneficiaries idempotently: unchanged rows write nothing (and are not even
 * sealed), changes are audited and counted; account details and payment routes follow.
 */
export async function saveBeneficiaries(inputs: BeneficiaryInput[], ctx: WriteContext): Promise<SaveOutcome> {
  const ids = inputs.map((b) => beneficiaryIdFor(ctx.sealer, b.nationalId));
  const res = await beneficiaries.syncPending(
    inputs.map((b, i) => {
      const { account: _account, ...content } = b;
      // The missing fields are hashed too, so a record is rewritten once when the rules that compute them change.
      const hashed = { ...content, missing: missingFields(b, !!b.account) };
      return { _id: ids[i]!, contentHash: contentHash(ctx.sealer, hashed), build: () => storedForm(b, ctx) };
    }),
  );
  const conflicted = new Set(res.conflicts);
  const settled = inputs.flatMap((b, i) => (conflicted.has(ids[i]!) ? [] : [{ input: b, id: ids[i]! }]));
  const withAccount = await saveAccountsAndRoutes(settled, new Set(res.created), ctx);
  // A row without account columns for a record whose details came earlier (the mini-app, an older file).
  const written = new Set([...res.created, ...res.updated]);
  await missingData.drop(
    settled.filter(({ input, id }) => written.has(id) && !input.account && withAccount.has(id)).map((r) => r.id),
    'account',
  );
  const byId = new Map(
    settled.map(({ input, id }) => [id, { status: input.status, missing: missingFields(input, withAccount.has(id)) }]),
  );
  await countBeneficiaryChanges(
    res.created.map((id) => byId.get(id)!),
    res.updated.map((id) => ({ before: res.previous.get(id)!, after: byId.get(id)! })),
  );
  const inputOf = new Map(settled.map((r) => [r.id, r.input]));
  await afterLifeEvents(
    lifeEventsOf(res.updated.map((id) => ({ id, before: res.previous.get(id)!.status, after: inputOf.get(id)! }))),
    new Date(),
  );
  await auditLog.append([
    ...(res.created.length
      ? [
          {
            entryPoint: ctx.entryPoint,
            actor: ctx.actor,
            action: 'create',
            entity: 'beneficiary',
            entityIds: res.created,
          },
        ]
      : []),
    ...(res.updated.length
      ? [
          {
            entryPoint: ctx.entryPoint,
            actor: ctx.actor,
            action: 'update',
            entity: 'beneficiary',
            entityIds: res.updated,
          },
        ]
      : []),
  ]);
  return {
    created: res.created.length,
    updated: res.updated.length,
    unchanged: res.unchanged.length,
    conflicts: ids.flatMap((id, i) => (conflicted.has(id) ? [i] : [])),
  };
}

/** A record as stored: personal numbers sealed with their blind indexes. */
function storedForm(b: BeneficiaryInput, ctx: WriteContext): Omit<StoredBeneficiary, 'id' | 'version' | 'contentHash'> {
  const phone = b.phone ? sealNumber(ctx.sealer, 'phone', b.phone) : null;
  const guardianPhone = b.guardian?.phone ? sealNumber(ctx.sealer, 'phone', b.guardian.phone) : null;
  return {
    nationalId: sealNumber(ctx.sealer, 'national_id', b.nationalId),
    fullName: b.fullName,
    dateOfBirth: b.dateOfBirth,
    gender: b.gender,
    ethnicity: b.ethnicity,
    phone,
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
          phone: guardianPhone,
        }
      : null,
    phoneBlindIndex: phone?.index ?? null,
    guardianPhoneBlindIndex: guardianPhone?.index ?? null,
    missing: missingFields(b, !!b.account),
    ...(b.dateOfDeath ? { dateOfDeath: b.dateOfDeath } : {}),
    ...(b.movedTo ? { movedTo: b.movedTo } : {}),
  };
}

type Settled = { input: BeneficiaryInput; id: string };

const placeOf = (b: BeneficiaryInput) => ({
  fullName: b.fullName,
  communeCode: b.communeCode,
  provinceCode: b.provinceCode,
});

/**
 * Account details given in a beneficiary file start the verification cycle, once; then each
 * record's payment route (place, method, masked destination) is made equal to what is stored.
 * A record created just now has neither account nor route yet, so nothing is looked up for it;
 * a route with a destination proves the account exists (it was copied from it).
 */
async function saveAccountsAndRoutes(
  rows: Settled[],
  created: ReadonlySet<string>,
  ctx: WriteContext,
): Promise<Set<string>> {
  const known = rows.filter((r) => !created.has(r.id));
  const current = await paymentRoutes.byBeneficiaryIds(known.map((r) => r.id));
  const [fresh, others] = await Promise.all([
    saveInitialAccounts(
      rows.filter((r) => created.has(r.id)),
      ctx,
      false,
    ),
    saveInitialAccounts(
      known.filter((r) => !current.get(r.id)?.destination),
      ctx,
      true,
    ),
  ]);
  const accountCreated = (id: string) => fresh.has(accountIdFor(id)) || others.has(accountIdFor(id));
  // Looked up: records without a route (a crash came between the two writes), and rows bringing
  // details that already existed while the route shows none (a route written by a payment
  // import just before the account).
  const lookUp = known.filter(
    (r) => !accountCreated(r.id) && (!current.has(r.id) || (r.input.account && !current.get(r.id)!.destination)),
  );
  const stored = await accounts.destinations(lookUp.map((r) => accountIdFor(r.id)));
  const lookedUp = new Set(lookUp.map((r) => r.id));
  // Accounts carry the record's name and place for the officers' queue: follow a change of either.
  const moved = known.filter(({ input: b, id }) => {
    const was = current.get(id);
    if (accountCreated(id)) return false;
    return (
      !was || was.fullName !== b.fullName || was.communeCode !== b.communeCode || was.provinceCode !== b.provinceCode
    );
  });
  await accountPlaces.set(moved.map(({ input: b, id }) => ({ accountId: accountIdFor(id), place: placeOf(b) })));
  const routes: PaymentRoute[] = rows.map(({ input: b, id }) => {
    const provider = b.account && accountCreated(id) ? findProvider(b.account.providerCode) : undefined;
    const found = stored.get(id);
    const prior = lookedUp.has(id) ? undefined : current.get(id);
    const destination =
      provider && b.account
        ? { last4: b.account.number.slice(-4), providerName: provider.shortName }
        : found
          ? { last4: found.last4, providerName: found.providerName }
          : (prior?.destination ?? null);
    // A record created now, or looked up without finding details, has no account.
    const verification =
      provider && b.account ? SUBMITTED : found ? found.verification : (prior?.verification ?? NO_ACCOUNT);
    return {
      beneficiaryId: id,
      fullName: b.fullName,
      status: b.status,
      provinceCode: b.provinceCode,
      communeCode: b.communeCode,
      paymentMethod: b.paymentMethod,
      destination,
      verification,
    };
  });
  await paymentRoutes.write(routes, current);
  // A route shows a destination exactly when account details exist (it is copied from them).
  return new Set(routes.filter((r) => r.destination).map((r) => r.beneficiaryId));
}

/** Creates the account details rows bring, where none exist yet; returns the account ids created. */
async function saveInitialAccounts(rows: Settled[], ctx: WriteContext, lookup: boolean): Promise<Set<string>> {
  const submittedAt = new Date();
  const fresh = rows.flatMap(({ input: b, id: beneficiaryId }) => {
    const provider = b.account ? findProvider(b.account.providerCode) : undefined;
    const account = b.account;
    if (!account || !provider) return [];
    return [
      {
        id: accountIdFor(beneficiaryId),
        beneficiaryId,
        place: placeOf(b),
        current: () => ({
          type: provider.type,
          providerCode: provider.code,
          providerName: provider.shortName,
          number: sealNumber(ctx.sealer, 'account_number', account.number),
          holderName: account.holderName,
          // Banks print holder names in capitals without accents: compare folded, or every such account looks like the guardian's.
          owner:
            b.guardian && foldVietnamese(account.holderName) !== foldVietnamese(b.fullName)
              ? ('authorized' as const)
              : ('self' as const),
          submittedAt,
          source: ctx.entryPoint,
        }),
      },
    ];
  });
  return new Set(await accounts.createMissing(fresh, { lookup }));
}
