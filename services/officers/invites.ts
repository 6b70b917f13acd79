import { communes } from '../../models/commune.js';
import { OFFICER_ROLES, officers, type Officer, type OfficerRole } from '../../models/officer.js';
import { provinceByCode } from '../../models/provinces.js';
import { AppError, type Localized } from '../errors.js';
import { storeNewCode } from '../linking/codes.js';
import type { LinkingContext } from '../linking/policy.js';
import { communeIdFor } from '../register/communes.js';
import { sealNumber } from '../register/sealing.js';
import { parseCode, parsePhone, parseText } from '../validation/values.js';
import { auditOfficer } from './audit.js';
import { officerIdFor } from './identity.js';
import { actorOf, assertProvinceAdmin, type Acting, type Scope } from './scope.js';

/** How long an officer invite code can be redeemed (the issue: 72 hours). */
export const INVITE_TTL_MS = 72 * 3_600_000;

/** What an invitation asks for; a commune officer's province may be left out (it follows from the communes). */
export type InviteInput = {
  role: string;
  provinceCode?: string;
  communeCodes: readonly string[];
  name: string;
  phone: string;
};

/** A one-time invite code (shown once, stored only as a keyed hash) and the officer it is for. */
export type Invite = { code: string; expiresAt: Date; officerId: string; created: boolean };

type Wanted = { role: OfficerRole; provinceCode: string; communeCodes: string[]; name: string; phone: string };

const ROLE_WORDS: Record<OfficerRole, Localized> = {
  commune_officer: { vi: 'cán bộ xã', en: 'commune officer' },
  province_admin: { vi: 'quản trị viên tỉnh', en: 'province administrator' },
};

const invalid = (vi: string, en: string) => new AppError('invalid_input', { vi, en });

/**
 * Invites an officer: validate → may this person invite them → create the officer, or widen an active
 * one's communes, or bring a removed one back → store a single-use code valid 72 hours → audit.
 * The operator invites anyone; a province administrator officers of their own province; a commune officer nobody.
 */
export async function inviteOfficer(
  acting: Acting,
  input: InviteInput,
  ctx: Pick<LinkingContext, 'sealer'>,
): Promise<Invite> {
  assertProvinceAdmin(acting.scope);
  const wanted = await validInvite(input);
  assertMayInvite(acting.scope, wanted);
  const officerId = officerIdFor(ctx.sealer, wanted.phone);
  const created = await officers.insertIfAbsent({
    id: officerId,
    name: wanted.name,
    phone: sealNumber(ctx.sealer, 'phone', wanted.phone),
    role: wanted.role,
    provinceCode: wanted.provinceCode,
    communeCodes: wanted.communeCodes,
  });
  if (!created) await updateExisting(officerId, wanted);
  const issuedAt = acting.now();
  const expiresAt = new Date(issuedAt.getTime() + INVITE_TTL_MS);
  const code = await storeNewCode(ctx, {
    officerId,
    issuedBy: actorOf(acting.scope),
    issuedAt,
    expiresAt,
    usedAt: null,
    usedBy: null,
  });
  await auditOfficer(acting, {
    action: 'invite',
    entity: 'officer',
    entityIds: [officerId],
    ...(created ? {} : { fields: ['name', 'communeCodes'] }),
    note: wanted.role,
  });
  return { code, expiresAt, officerId, created };
}

// A removed officer comes back with exactly the scope asked for; an active one keeps role and province.
async function updateExisting(officerId: string, wanted: Wanted): Promise<Officer> {
  const change = { name: wanted.name, communeCodes: wanted.communeCodes };
  const back = await officers.restore(officerId, { ...change, role: wanted.role, provinceCode: wanted.provinceCode });
  if (back) return back;
  const widened = await officers.widen(officerId, wanted, change);
  if (widened) return widened;
  const existing = await officers.byId(officerId);
  const role = existing ? ROLE_WORDS[existing.role] : ROLE_WORDS[wanted.role];
  const province = provinceByCode(existing?.provinceCode ?? '')?.name ?? existing?.provinceCode ?? '';
  throw new AppError('conflict', {
    vi: `Số điện thoại này đã là của một ${role.vi} (${province}). Không thể đổi vai trò hay tỉnh bằng lời mời; xin gỡ cán bộ đó trước rồi mời lại.`,
    en: `This phone number already belongs to a ${role.en} (${province}). An invitation cannot change the role or province; remove that officer first, then invite again.`,
  });
}

function assertMayInvite(scope: Scope, wanted: Wanted): void {
  if (scope.role === 'province_admin' && wanted.provinceCode !== scope.provinceCode)
    throw new AppError('forbidden', {
      vi: 'Anh/chị chỉ có thể mời cán bộ thuộc tỉnh mình phụ trách.',
      en: 'You can only invite officers of your own province.',
    });
}

/** Checks every field and says, in Vietnamese first, what is wrong. */
async function validInvite(input: InviteInput): Promise<Wanted> {
  if (!(OFFICER_ROLES as readonly string[]).includes(input.role))
    throw invalid(
      'Vai trò phải là commune_officer (cán bộ xã) hoặc province_admin (quản trị viên tỉnh).',
      'The role must be commune_officer or province_admin.',
    );
  const role = input.role as OfficerRole;
  const name = parseText(input.name, { max: 100 });
  if (!name.ok) throw invalid(`Họ tên cán bộ: ${name.reason}`, "The officer's name is empty or too long.");
  const phone = parsePhone(input.phone);
  if (!phone.ok)
    throw invalid(
      `Số điện thoại: ${phone.reason}`,
      'Phone: a mobile number has 10 digits and starts with 03, 05, 07, 08 or 09.',
    );
  const communeCodes = [...new Set(input.communeCodes.map((c) => c.trim()).filter(Boolean))];
  if (role === 'province_admin' && communeCodes.length)
    throw invalid(
      'Quản trị viên tỉnh phụ trách cả tỉnh: không ghi xã/phường.',
      'A province administrator serves the whole province: give no communes.',
    );
  if (role === 'commune_officer' && !communeCodes.length)
    throw invalid(
      'Cán bộ xã cần ít nhất một xã/phường phụ trách (mã 5 chữ số).',
      'A commune officer needs at least one commune (5-digit code).',
    );
  const provinceCode = await provinceOf(input.provinceCode, communeCodes);
  return { role, provinceCode, communeCodes, name: name.value, phone: phone.value };
}

// The province given, or the one the communes belong to; every commune must exist and be in it.
async function provinceOf(given: string | undefined, communeCodes: string[]): Promise<string> {
  for (const c of communeCodes) {
    const parsed = parseCode(c, 5);
    if (!parsed.ok) throw invalid(parsed.reason, `Commune code "${c}" must have exactly 5 digits.`);
  }
  const found = new Map((await communes.byIds(communeCodes.map(communeIdFor))).map((c) => [c.code, c]));
  const unknown = communeCodes.find((c) => !found.has(c));
  if (unknown)
    throw invalid(
      `Không có xã/phường mã ${unknown} trong danh mục xã đã nhập.`,
      `There is no commune with code ${unknown} in the imported list.`,
    );
  const code = given?.trim() || found.get(communeCodes[0] ?? '')?.provinceCode;
  if (!code) throw invalid('Xin ghi mã tỉnh (2 chữ số).', 'Please give the province code (2 digits).');
  const province = provinceByCode(code);
  if (!province)
    throw invalid(
      `Không có tỉnh/thành phố mã ${code} (34 tỉnh, thành phố từ 1/7/2025).`,
      `There is no province with code ${code} (the 34 provinces since 1 July 2025).`,
    );
  const outside = communeCodes.map((c) => found.get(c)!).find((c) => c.provinceCode !== code);
  if (outside)
    throw invalid(
      `Xã/phường ${outside.name} (${outside.code}) không thuộc ${province.name}; các xã của một cán bộ phải cùng một tỉnh.`,
      `${outside.name} (${outside.code}) is not in ${province.name}; an officer's communes must be in one province.`,
    );
  return code;
}
