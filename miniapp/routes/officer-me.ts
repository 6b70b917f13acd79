// STUB (helper C, officer mini-app): helper A adds the real `officer` block of /app/api/me; the lead keeps A's at merge.
import type { WebSubject } from '../../models/web-session.js';
import { provinceByCode } from '../../models/provinces.js';
import { scopeOfSubject } from '../../services/officers/identity.js';
import { communesByCode } from '../../services/register/communes.js';

/** STUB: what /me tells the page about the officer behind the session, or null. */
export async function officerOfSubject(subject: WebSubject): Promise<{
  name: string;
  role: string;
  provinceCode: string;
  provinceName: string;
  communes: { code: string; name: string }[];
} | null> {
  const scope = await scopeOfSubject(subject);
  if (!scope || scope.role === 'operator') return null;
  const all = await communesByCode();
  const codes =
    scope.role === 'province_admin'
      ? [...all.values()].filter((c) => c.provinceCode === scope.provinceCode).map((c) => c.code)
      : scope.communeCodes;
  return {
    name: scope.name,
    role: scope.role,
    provinceCode: scope.provinceCode,
    provinceName: provinceByCode(scope.provinceCode)?.name ?? scope.provinceCode,
    communes: codes.map((code) => ({ code, name: all.get(code)?.name ?? code })),
  };
}
