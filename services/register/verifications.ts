import { accounts, FINAL_VERIFICATION_STATES } from '../../models/account.js';
import { maskTail } from '../mask.js';
import { notifyVerificationChanges, type VerificationChange } from '../notifications/triggers.js';
import { auditLog } from '../../models/audit.js';
import { provinceDays, type DayCount } from '../../models/province-days.js';
import { todayInVietnam } from '../format.js';
import { paymentRoutes, type RouteVerification } from '../../models/payment-routing.js';
import { IDENTITY_FIELDS, type IdentityField, type VerificationResult } from '../validation/codes.js';
import { accountIdFor } from '../../models/ids.js';
import { beneficiaryIdFor } from './sealing.js';
import type { WriteContext } from './writer.js';

/** A police verification result for the account details on record. */
export type VerificationInput = {
  nationalId: string;
  result: VerificationResult;
  mismatchFields: IdentityField[];
  /** For a mismatch, what the population database holds for the differing fields the police gave. */
  populationValues: Partial<Record<IdentityField, string>>;
  reason: string | null;
  verifiedAt: string | null;
};

/** Population values compared whatever order a file gave them in: the fields' own order. */
const sameValues = (a: Record<string, string>, b: Record<string, string>) =>
  IDENTITY_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));

/** Outcome per input position: applied, already so, or why not. */
export type VerificationOutcome = { applied: number; unchanged: number; problems: { index: number; reason: string }[] };

/**
 * What an officer's import also checks, row by row: the record is within the officer's scope, and
 * its details are with the police (`verifying`). The operator's plain import checks neither.
 */
export type VerificationRules = {
  reaches: (place: { communeCode: string; provinceCode: string }) => boolean;
  /** Why a record it does not reach is refused, when not an officer's «not your area» (an API key's province). */
  outside?: string;
};

const OUTSIDE = 'Hồ sơ này không thuộc địa bàn anh/chị phụ trách.';
const NOT_VERIFYING: Record<string, string> = {
  submitted:
    'Hồ sơ này chưa được gửi công an xác thực (đang ở trạng thái «đã khai»); hãy xuất danh sách gửi công an trước.',
  verified:
    'Hồ sơ này đã có kết quả xác thực khác («đã xác thực»); kết quả mới chỉ nhận khi hồ sơ đang chờ công an xác thực.',
  mismatch:
    'Hồ sơ này đã có kết quả xác thực khác («sai lệch thông tin»); kết quả mới chỉ nhận khi hồ sơ đang chờ công an xác thực.',
  rejected:
    'Hồ sơ này đã có kết quả xác thực khác («từ chối»); kết quả mới chỉ nhận khi hồ sơ đang chờ công an xác thực.',
};

/** Applies police verification results to the account details they were about. */
export async function applyVerifications(
  inputs: VerificationInput[],
  ctx: WriteContext,
  rules?: VerificationRules,
): Promise<VerificationOutcome> {
  const ids = inputs.map((i) => accountIdFor(beneficiaryIdFor(ctx.sealer, i.nationalId)));
  const found = new Map((await accounts.byIds(ids)).map((a) => [a.id, a]));
  const out: VerificationOutcome = { applied: 0, unchanged: 0, problems: [] };
  const changed: string[] = [];
  const routed: { beneficiaryId: string; verification: RouteVerification }[] = [];
  const notices: VerificationChange[] = [];
  const counted: DayCount[] = [];
  for (const [index, input] of inputs.entries()) {
    const account = found.get(ids[index]!);
    if (!account) {
      out.problems.push({
        index,
        reason: 'Đối tượng này chưa có thông tin tài khoản để xác thực (hoặc số định danh chưa có trong danh sách).',
      });
      continue;
    }
    const v = account.verification;
    const same =
      v.state === input.result &&
      v.mismatchFields.join() === input.mismatchFields.join() &&
      (v.reason ?? null) === input.reason &&
      sameValues(v.populationValues, input.populationValues);
    if (rules && !rules.reaches({ communeCode: account.communeCode ?? '', provinceCode: account.provinceCode ?? '' })) {
      out.problems.push({ index, reason: rules.outside ?? OUTSIDE });
      continue;
    }
    // A result already applied identically is not an error: importing the same file again changes nothing.
    if (same) {
      out.unchanged++;
      continue;
    }
    if (rules && v.state !== 'verifying') {
      out.problems.push({ index, reason: NOT_VERIFYING[v.state] ?? NOT_VERIFYING.submitted! });
      continue;
    }
    const at = input.verifiedAt ? new Date(`${input.verifiedAt}T00:00:00+07:00`) : new Date();
    const ok = await accounts.setVerification(account.id, account.version, {
      state: input.result,
      mismatchFields: input.mismatchFields,
      reason: input.reason,
      at,
      populationValues: input.populationValues,
    });
    if (ok) {
      out.applied++;
      changed.push(account.id);
      routed.push({
        beneficiaryId: account.beneficiaryId,
        verification: { state: input.result, mismatchFields: input.mismatchFields, reason: input.reason },
      });
      if (FINAL_VERIFICATION_STATES.has(input.result)) {
        if (account.provinceCode)
          counted.push({
            provinceCode: account.provinceCode,
            communeCode: account.communeCode,
            day: todayInVietnam(at),
            key: input.result,
            count: 1,
          });
        notices.push({
          accountId: account.id,
          beneficiaryId: account.beneficiaryId,
          state: input.result,
          mismatchFields: input.mismatchFields,
          populationValues: input.populationValues,
          reason: input.reason,
          at,
          destinationMasked: maskTail(account.current.number.last4),
          provider: account.current.providerName,
          communeCode: account.communeCode,
        });
      }
    } else
      out.problems.push({
        index,
        reason: 'Thông tin tài khoản vừa được thay đổi; hãy kiểm tra lại và nhập lại dòng này.',
      });
  }
  // `/status` reads the verification from the payment route.
  await paymentRoutes.setVerifications(routed);
  if (changed.length)
    await auditLog.append([
      { entryPoint: ctx.entryPoint, actor: ctx.actor, action: 'verify', entity: 'account', entityIds: changed },
    ]);
  // The dashboard's results per month: counters by the result's day, since accounts keep only their latest answers.
  await provinceDays.add('results', counted);
  await notifyVerificationChanges(notices);
  return out;
}
