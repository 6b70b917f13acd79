import { chats } from '../../models/chat.js';
import { notifications } from '../../models/notification.js';
import { officers, type Officer, type OfficerRole } from '../../models/officer.js';
import { provinceByCode } from '../../models/provinces.js';
import { webSessions } from '../../models/web-session.js';
import type { Sealer } from '../crypto.js';
import { AppError } from '../errors.js';
import { chatIdFor } from '../linking/chats.js';
import { maskTail } from '../mask.js';
import { parsePhone } from '../validation/values.js';
import { auditOfficer } from './audit.js';
import { officerIdFor } from './identity.js';
import { assertProvinceAdmin, type Acting, type Scope } from './scope.js';

/** An officer as a roster shows it: the phone masked to its last four digits. */
export type OfficerRow = {
  id: string;
  name: string;
  phone: string;
  role: OfficerRole;
  provinceCode: string;
  provinceName: string;
  communeCodes: string[];
  chats: number;
};

/** The templates of officers' work notices: what is cancelled, still waiting, when an officer is removed. */
const OFFICER_WORK_TEMPLATES = ['account_change_submitted', 'task_reminder', 'task_overdue', 'province_late_digest'];

const NOT_FOUND = {
  vi: 'Không có cán bộ nào đang hoạt động với số điện thoại này.',
  en: 'No active officer has this phone number.',
};

/** Active officers the acting person may see: all for the operator, their province's for a province administrator. */
export async function listOfficers(acting: Acting): Promise<OfficerRow[]> {
  assertProvinceAdmin(acting.scope);
  const found = await officers.list(acting.scope.provinceCode ? { provinceCode: acting.scope.provinceCode } : {});
  await auditOfficer(acting, { action: 'list', entity: 'officer', entityIds: found.map((o) => o.id) });
  return found.map(rowOf);
}

/**
 * Removes an officer at once: the record is marked removed (every request re-reads it, so their scope
 * ends now) → their chats lose the officer menu → their officer web sessions end → work notices still
 * waiting for those chats are cancelled → audit. Scope-checked like invitations.
 */
export async function removeOfficer(
  acting: Acting,
  phoneText: string,
  ctx: { sealer: Sealer },
): Promise<{ officerId: string; name: string }> {
  assertProvinceAdmin(acting.scope);
  const phone = parsePhone(phoneText);
  if (!phone.ok)
    throw new AppError('invalid_input', { vi: `Số điện thoại: ${phone.reason}`, en: 'Phone: not a mobile number.' });
  const officer = await officers.byId(officerIdFor(ctx.sealer, phone.value));
  if (!officer || officer.removedAt) throw new AppError('not_found', NOT_FOUND);
  assertMayManage(acting.scope, officer);
  const hadChats = await officers.remove(officer.id, acting.now());
  if (!hadChats) throw new AppError('not_found', NOT_FOUND);
  const chatRefs = hadChats.map(chatIdFor);
  await chats.clearOfficer(chatRefs, officer.id);
  await webSessions.removeForOfficer(officer.id);
  await notifications.cancelWaiting(chatRefs, OFFICER_WORK_TEMPLATES, 'officer removed');
  await auditOfficer(acting, { action: 'remove', entity: 'officer', entityIds: [officer.id] });
  return { officerId: officer.id, name: officer.name };
}

/** Refuses a province administrator acting on an officer of another province. */
export function assertMayManage(scope: Scope, officer: Pick<Officer, 'provinceCode'>): void {
  if (scope.role === 'province_admin' && officer.provinceCode !== scope.provinceCode)
    throw new AppError('forbidden', {
      vi: 'Cán bộ này không thuộc tỉnh anh/chị phụ trách.',
      en: 'This officer is not of your province.',
    });
}

function rowOf(o: Officer): OfficerRow {
  return {
    id: o.id,
    name: o.name,
    phone: maskTail(o.phone.last4),
    role: o.role,
    provinceCode: o.provinceCode,
    provinceName: provinceByCode(o.provinceCode)?.name ?? o.provinceCode,
    communeCodes: [...o.communeCodes].sort(),
    chats: o.chats.length,
  };
}
