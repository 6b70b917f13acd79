import { communes } from '../../models/commune.js';
import { provinceByCode } from '../../models/provinces.js';
import type { WebSubject } from '../../models/web-session.js';
import { communeIdFor } from '../register/communes.js';
import { scopeOfSubject } from './identity.js';
import type { Scope } from './scope.js';

/** Who an officer is and where they work, as the bot's menu and the mini-app show it (no phone). */
export type OfficerProfile = {
  name: string;
  role: 'commune_officer' | 'province_admin';
  provinceCode: string;
  provinceName: string;
  /** The communes a commune officer serves, in code order; empty for a province administrator. */
  communes: { code: string; name: string }[];
};

/** The profile of an officer's scope; null for the operator and a machine client, who have none. */
export async function profileOf(scope: Scope): Promise<OfficerProfile | null> {
  if (scope.role === 'operator' || scope.role === 'api_client') return null;
  const found = new Map((await communes.byIds(scope.communeCodes.map(communeIdFor))).map((c) => [c.code, c.name]));
  return {
    name: scope.name,
    role: scope.role,
    provinceCode: scope.provinceCode,
    provinceName: provinceByCode(scope.provinceCode)?.name ?? scope.provinceCode,
    communes: [...scope.communeCodes].sort().map((code) => ({ code, name: found.get(code) ?? code })),
  };
}

/** The profile of the officer a mini-app session is for; null when it is not (or no longer) an officer's. */
export async function profileOfSubject(subject: WebSubject): Promise<OfficerProfile | null> {
  const scope = await scopeOfSubject(subject);
  return scope ? profileOf(scope) : null;
}
