import { verificationQueue as queued } from '../../models/verification-queue.js';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { assertReaches, type Acting } from '../officers/scope.js';

const NOT_FOUND = { vi: 'Không tìm thấy hồ sơ.', en: 'Record not found.' };

/**
 * The full account number of one account in the officer's area: an explicit action, audited as
 * `reveal_number` before the number is returned. The number is never logged.
 */
export async function revealAccountNumber(
  acting: Acting,
  accountRef: string,
  sealer: Sealer,
): Promise<{ number: string }> {
  if (!/^[0-9a-f]{24}$/.test(accountRef)) throw new AppError('not_found', NOT_FOUND);
  const [account] = await queued.byIds([accountRef]);
  if (!account) throw new AppError('not_found', NOT_FOUND);
  assertReaches(acting.scope, { communeCode: account.communeCode ?? '', provinceCode: account.provinceCode ?? '' });
  await auditOfficer(acting, {
    action: 'reveal_number',
    entity: 'account',
    entityIds: [account.id],
    fields: ['number'],
  });
  return { number: sealer.open(account.current.number.sealed) };
}
