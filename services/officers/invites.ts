// STUB (helper C, officer mini-app): helper A writes the real one; the lead keeps A's at merge.
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { assertProvinceAdmin, type Acting } from './scope.js';

/** STUB: province admins only; a fixed code. */
export async function inviteOfficer(
  acting: Acting,
  input: { role: string; provinceCode: string; communeCodes: string[]; name: string; phone: string },
  _ctx: { sealer: Sealer },
): Promise<{ code: string; expiresAt: Date; officerId: string; created: boolean }> {
  assertProvinceAdmin(acting.scope);
  if (acting.scope.provinceCode && input.provinceCode !== acting.scope.provinceCode)
    throw new AppError('forbidden', { vi: 'Tỉnh khác.', en: 'Another province.' });
  return {
    code: 'ABCD2345',
    expiresAt: new Date(acting.now().getTime() + 72 * 3600_000),
    officerId: '000000000000000000000009',
    created: true,
  };
}
