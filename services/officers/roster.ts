// STUB (helper C, officer mini-app): helper A writes the real one; the lead keeps A's at merge.
import { officers } from '../../models/officer.js';
import { assertProvinceAdmin, type Acting } from './scope.js';

/** STUB: the province's officers, phones masked. */
export async function listOfficers(
  acting: Acting,
): Promise<{ id: string; name: string; role: string; provinceCode: string; communeCodes: string[]; phone: string }[]> {
  assertProvinceAdmin(acting.scope);
  const rows = await officers.list(acting.scope.provinceCode ? { provinceCode: acting.scope.provinceCode } : {});
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    role: o.role,
    provinceCode: o.provinceCode,
    communeCodes: o.communeCodes,
    phone: `•••• ${o.phone.last4}`,
  }));
}
