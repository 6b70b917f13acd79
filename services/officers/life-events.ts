// STUB (helper C, officer mini-app): helper D writes the real one; the lead keeps D's at merge.
import { beneficiaries } from '../../models/beneficiary.js';
import { AppError } from '../errors.js';
import { assertReaches, type Acting } from './scope.js';

async function reachable(acting: Acting, ref: string): Promise<void> {
  const [b] = await beneficiaries.byIds([ref]);
  if (!b) throw new AppError('not_found', { vi: 'Không tìm thấy hồ sơ.', en: 'Record not found.' });
  assertReaches(acting.scope, b);
}

/** STUB: scope-checked, changes nothing. */
export async function markDeceased(
  acting: Acting,
  beneficiaryRef: string,
  input: { dateOfDeath: string },
): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dateOfDeath))
    throw new AppError('invalid_input', { vi: 'Xin nhập ngày mất.', en: 'Please enter the date of death.' });
  await reachable(acting, beneficiaryRef);
}

/** STUB: scope-checked, changes nothing. */
export async function markMovedOut(
  acting: Acting,
  beneficiaryRef: string,
  _input: { toCommuneCode?: string; toProvinceCode?: string },
): Promise<void> {
  await reachable(acting, beneficiaryRef);
}
