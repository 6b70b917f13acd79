// STUB (helper C, officer mini-app): helper B writes the real one; the lead keeps B's at merge.
import { accounts } from '../../models/account.js';
import { beneficiaries } from '../../models/beneficiary.js';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { assertReaches, type Acting } from '../officers/scope.js';

/** STUB: scope-checked, then a fixed number. */
export async function revealAccountNumber(
  acting: Acting,
  accountRef: string,
  _sealer: Sealer,
): Promise<{ number: string }> {
  const [account] = await accounts.byIds([accountRef]);
  const [b] = account ? await beneficiaries.byIds([account.beneficiaryId]) : [];
  if (!account || !b) throw new AppError('not_found', { vi: 'Không tìm thấy hồ sơ.', en: 'Record not found.' });
  assertReaches(acting.scope, b);
  return { number: `0000000000${account.current.number.last4}` };
}
