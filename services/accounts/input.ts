import { z } from 'zod';
import type { Localized } from '../errors.js';
import { findProvider, type Provider } from '../register/providers.js';
import { parseNationalId, parsePhone } from '../validation/values.js';
import { FIELD_WORDS as W } from './words.js';

const ACCOUNT_TYPES = ['bank', 'ewallet', 'mobile_money'] as const;
const OWNERS = ['self', 'authorized', 'new_authorized'] as const;

/** The shape of a change as the page sends it; bounded so a hostile body cannot make us work hard. */
const shape = z.object({
  type: z.string().max(20).optional(),
  providerCode: z.string().max(40).optional(),
  accountNumber: z.string().max(40).optional(),
  holderName: z.string().max(200).optional(),
  owner: z.string().max(20).optional(),
  newAuthorized: z
    .object({
      name: z.string().max(200).optional(),
      nationalId: z.string().max(40).optional(),
      phone: z.string().max(40).optional(),
      relation: z.string().max(100).optional(),
    })
    .optional(),
});

/** New account details, valid as far as the form can tell. */
export type AccountChangeInput = {
  type: (typeof ACCOUNT_TYPES)[number];
  provider: Provider;
  accountNumber: string;
  holderName: string;
  owner: (typeof OWNERS)[number];
  newAuthorized: { name: string; nationalId: string; phone: string; relation: string } | null;
};

/** Field key (as the page names its inputs) → what is wrong with it. */
export type FieldProblems = Record<string, Localized>;

const PERSON_NAME = /^[\p{L}][\p{L}\p{M} .'-]{0,98}[\p{L}\p{M}.]$/u;
const cleanName = (s: string | undefined): string | null => {
  const v = (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  return PERSON_NAME.test(v) ? v : null;
};

/** The account number as stored: digits only; for wallets and mobile money, the 10-digit mobile number. */
function accountNumberOf(type: AccountChangeInput['type'], raw: string | undefined): string | null {
  if (type === 'bank') {
    const digits = (raw ?? '').replace(/[\s.-]/g, '');
    return /^\d{6,19}$/.test(digits) ? digits : null;
  }
  const phone = parsePhone(raw ?? '');
  return phone.ok ? `0${phone.value.slice(3)}` : null;
}

/** Checks a change the page sent; every problem is reported against its own field, all at once. */
export function parseAccountChange(
  body: unknown,
): { ok: true; value: AccountChangeInput } | { ok: false; fields: FieldProblems } {
  const parsed = shape.safeParse(body ?? {});
  const b = parsed.success ? parsed.data : {};
  const fields: FieldProblems = {};
  const type = ACCOUNT_TYPES.find((t) => t === b.type);
  if (!type) fields.type = W.typeMissing;
  const provider = b.providerCode ? findProvider(b.providerCode) : undefined;
  if (!provider) fields.providerCode = W.providerMissing;
  else if (type && provider.type !== type) fields.providerCode = W.providerWrongType;
  const accountNumber = type ? accountNumberOf(type, b.accountNumber) : null;
  if (type && !accountNumber) fields.accountNumber = type === 'bank' ? W.bankNumber : W.walletNumber;
  const holderName = cleanName(b.holderName);
  if (!holderName) fields.holderName = W.holderName;
  const owner = OWNERS.find((o) => o === b.owner);
  if (!owner) fields.owner = W.ownerMissing;
  let newAuthorized: AccountChangeInput['newAuthorized'] = null;
  if (owner === 'new_authorized') {
    const n = b.newAuthorized ?? {};
    const name = cleanName(n.name);
    const id = parseNationalId(n.nationalId ?? '');
    const phone = parsePhone(n.phone ?? '');
    const relation = (n.relation ?? '').replace(/\s+/g, ' ').trim();
    if (!name) fields['newAuthorized.name'] = W.newName;
    if (!id.ok) fields['newAuthorized.nationalId'] = W.newNationalId;
    if (!phone.ok) fields['newAuthorized.phone'] = W.newPhone;
    if (relation.length < 2 || relation.length > 50 || /\d/.test(relation))
      fields['newAuthorized.relation'] = W.newRelation;
    if (name && id.ok && phone.ok) newAuthorized = { name, nationalId: id.value, phone: phone.value, relation };
  }
  if (Object.keys(fields).length || !type || !provider || !accountNumber || !holderName || !owner)
    return { ok: false, fields };
  return { ok: true, value: { type, provider, accountNumber, holderName, owner, newAuthorized } };
}
