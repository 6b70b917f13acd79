import type { Sealer } from '../../services/crypto.js';
import { saveBeneficiaries, type BeneficiaryInput } from '../../services/register/beneficiaries.js';
import { beneficiaryIdFor } from '../../services/register/sealing.js';
import { savePayments, type PaymentInput } from '../../services/register/payments.js';
import { applyVerifications } from '../../services/register/verifications.js';

let serial = 0;
/** A valid, validated beneficiary (as an import produces it); override what the test is about. */
export function aBeneficiary(overrides: Partial<BeneficiaryInput> = {}): BeneficiaryInput {
  serial++;
  const n = String(10000 + (serial % 90000)).slice(-5);
  return {
    nationalId: `0011950${n}`,
    fullName: 'Nguyễn Thị Lan',
    dateOfBirth: '1948-03-12',
    gender: 'female',
    ethnicity: 'Kinh',
    phone: `+8491234${n}`,
    provinceCode: '01',
    communeCode: '00004',
    category: 'social_assistance',
    decisionNumber: '15/QĐ-UBND',
    decisionDate: '2024-02-01',
    monthlyAmount: 500000,
    paymentMethod: 'bank',
    status: 'active',
    guardian: null,
    account: { providerCode: '970405', number: `10020030${n}`, holderName: 'Nguyễn Thị Lan' },
    ...overrides,
  };
}

/** A payment of 500.000 ₫ for 11/2026, scheduled unless told otherwise. */
export function aPayment(nationalId: string, overrides: Partial<PaymentInput> = {}): PaymentInput {
  return {
    nationalId,
    period: '2026-11',
    kind: 'monthly',
    amount: 500000,
    status: 'scheduled',
    method: null,
    paidAt: null,
    failureReason: null,
    pickupPlace: null,
    pickupFrom: null,
    pickupTo: null,
    ...overrides,
  };
}

/** Stores beneficiaries (and their payments) as an import would; returns their ids. */
export async function register(
  sealer: Sealer,
  people: BeneficiaryInput[],
  pays: PaymentInput[] = [],
): Promise<string[]> {
  const ctx = { sealer, entryPoint: 'import' as const, actor: 'test' };
  await saveBeneficiaries(people, ctx);
  if (pays.length) await savePayments(pays, ctx);
  return people.map((p) => beneficiaryIdFor(sealer, p.nationalId));
}

/** Records the commune police's verification of a beneficiary's account. */
export async function verifyAccount(
  sealer: Sealer,
  nationalId: string,
  result: 'verified' | 'mismatch',
  mismatchFields: ('full_name' | 'date_of_birth')[] = [],
): Promise<void> {
  await applyVerifications(
    [{ nationalId, result, mismatchFields, populationValues: {}, reason: null, verifiedAt: '2026-11-02' }],
    {
      sealer,
      entryPoint: 'import',
      actor: 'test',
    },
  );
}
