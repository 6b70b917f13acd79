import { accounts } from '../../models/account.js';
import { auditLog } from '../../models/audit.js';
import { AppError } from '../errors.js';
import { accountIdFor } from '../../models/ids.js';
import type { AccountsContext } from './change-account.js';
import { actorOf, assertOwnRecord, buildViews, type RecordView, type Viewer } from './records.js';
import { REFUSALS } from './words.js';

/**
 * Records that the person confirms the current account details for this payment period:
 * check the record is theirs and active → confirm the version they saw → audit.
 */
export async function confirmAccount(viewer: Viewer, ref: string, ctx: AccountsContext): Promise<RecordView> {
  const record = await assertOwnRecord(viewer, ref, { active: true });
  const account = await accounts.byId(accountIdFor(record.id));
  if (!account) throw new AppError('conflict', REFUSALS.nothingToConfirm);
  const period = ctx.period();
  const ok = await accounts.confirm(account.id, { period, at: ctx.now(), version: account.version, via: viewer.entry });
  if (!ok) throw new AppError('conflict', REFUSALS.changedMeanwhile);
  await auditLog.append([
    {
      entryPoint: 'miniapp',
      via: viewer.entry,
      actor: actorOf(viewer),
      action: 'confirm',
      entity: 'account',
      entityIds: [account.id],
      note: `period ${period}`,
    },
  ]);
  const [view] = await buildViews([record.id], period);
  return view!;
}
