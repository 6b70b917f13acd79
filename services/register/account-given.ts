import { missingData } from '../../models/missing-data.js';
import { countBeneficiaryChanges } from './stats.js';

/**
 * Account details now exist for this record (given in the mini-app): it no longer lacks them, in the
 * officers' missing-data report and in the register's figures alike.
 */
export async function noteAccountGiven(record: {
  id: string;
  status: string;
  missing: readonly string[];
}): Promise<void> {
  if (!record.missing.includes('account')) return;
  if (!(await missingData.drop([record.id], 'account')).length) return;
  await countBeneficiaryChanges(
    [],
    [{ before: record, after: { status: record.status, missing: record.missing.filter((f) => f !== 'account') } }],
  );
}
