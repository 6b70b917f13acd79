import crypto from 'node:crypto';
import { webLinks, type StoredWebLink, type WebLinkRefusal } from '../../models/web-link.js';
import type { WebSubject } from '../../models/web-session.js';
import { stableId } from '../../models/ids.js';
import { auditLog } from '../../models/audit.js';
import { beneficiaries } from '../../models/beneficiary.js';
import { AppError } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { officerIdFor, scopeOfOfficer } from '../officers/identity.js';
import { actorOf, type Acting } from '../officers/scope.js';
import { beneficiaryIdFor } from '../register/sealing.js';
import { parseNationalId, parsePhone } from '../validation/values.js';
import type { MiniappContext } from './policy.js';
import { openSession, type OpenedSession } from './sessions.js';

/** Where a web link stands: usable, or why not ("invalid" covers forged and unknown links alike). */
export type WebLinkState = 'ready' | 'used' | 'expired' | 'invalid';

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

// The signature lets a forged link be refused without a database read; single use needs the row.
const signatureOf = (ctx: Pick<MiniappContext, 'sealer'>, id: string): string =>
  Buffer.from(ctx.sealer.index('web-link', id).slice(0, 32), 'hex').toString('base64url');

function idOf(token: string, ctx: Pick<MiniappContext, 'sealer'>): string | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const expected = Buffer.from(signatureOf(ctx, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
    ? stableId('web-link', m[1]!)
    : null;
}

const stateOf = (r: StoredWebLink | WebLinkRefusal): WebLinkState =>
  typeof r === 'string' ? (r === 'unknown' ? 'invalid' : r) : 'ready';

/** Issues a signed, single-use link to the mini-app in a browser; returns its URL and when it stops working. */
export async function issueWebLink(
  subject: WebSubject,
  issuedBy: string,
  ctx: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>,
): Promise<{ url: string; expiresAt: Date }> {
  const id = crypto.randomBytes(16).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.policy.webLinkTtlMs);
  await webLinks.create({ id: stableId('web-link', id), subject, issuedBy, createdAt: now, expiresAt, usedAt: null });
  return { url: `${ctx.publicUrl}/app/w/${id}.${signatureOf(ctx, id)}`, expiresAt };
}

/** An officer's link for one record, found by its national ID (the CLI `links web`); audited. */
export async function issueRecordWebLink(
  nationalIdText: string,
  ctx: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>,
  issuedBy: string,
): Promise<{ url: string; expiresAt: Date }> {
  const parsed = parseNationalId(nationalIdText);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.reason);
  const beneficiaryId = beneficiaryIdFor(ctx.sealer, parsed.value);
  if (!(await beneficiaries.byId(beneficiaryId)))
    throw new AppError('not_found', 'Không có đối tượng nào với số định danh này trong danh sách.');
  const link = await issueWebLink({ kind: 'beneficiary', beneficiaryId }, issuedBy, ctx);
  await auditLog.append([
    { entryPoint: 'cli', actor: issuedBy, action: 'issue', entity: 'web_link', entityIds: [beneficiaryId] },
  ]);
  return link;
}

/**
 * A link that signs an officer in to the mini-app's officer section (the CLI `officers web-link`).
 * It opens a session as that officer, so only the operator issues one for anyone; an officer only for
 * themselves (a province administrator cannot sign in as their officers). Audited.
 */
export async function issueOfficerWebLink(
  acting: Acting,
  phoneText: string,
  ctx: Pick<MiniappContext, 'sealer' | 'policy' | 'publicUrl' | 'now'>,
): Promise<{ url: string; expiresAt: Date }> {
  const phone = parsePhone(phoneText);
  if (!phone.ok)
    throw new AppError('invalid_input', { vi: `Số điện thoại: ${phone.reason}`, en: 'Phone: not a mobile number.' });
  const officerId = officerIdFor(ctx.sealer, phone.value);
  if (acting.scope.role !== 'operator' && acting.scope.officerId !== officerId)
    throw new AppError('forbidden', {
      vi: 'Chỉ người vận hành hệ thống mới cấp được đường liên kết đăng nhập cho cán bộ khác.',
      en: "Only the system's operator can issue a sign-in link for another officer.",
    });
  if (!(await scopeOfOfficer(officerId)))
    throw new AppError('not_found', {
      vi: 'Không có cán bộ nào đang hoạt động với số điện thoại này.',
      en: 'No active officer has this phone number.',
    });
  const link = await issueWebLink({ kind: 'officer', officerId }, actorOf(acting.scope), ctx);
  await auditOfficer(acting, { action: 'issue', entity: 'web_link', entityIds: [officerId] });
  return link;
}

/** Where a link stands, without using it (so a chat app's link preview cannot burn it). */
export async function checkWebLink(token: string, ctx: Pick<MiniappContext, 'sealer' | 'now'>): Promise<WebLinkState> {
  const id = idOf(token, ctx);
  return id ? stateOf(await webLinks.check(id, ctx.now())) : 'invalid';
}

/** Uses the link (exactly once) and opens a browser session for whom it was issued. */
export async function consumeWebLink(
  token: string,
  ctx: MiniappContext,
): Promise<OpenedSession | Exclude<WebLinkState, 'ready'>> {
  const id = idOf(token, ctx);
  if (!id) return 'invalid';
  const link = await webLinks.consume(id, ctx.now());
  if (typeof link === 'string') return stateOf(link) as Exclude<WebLinkState, 'ready'>;
  return openSession(link.subject, 'web', ctx);
}

/** Deletes links long expired (a job). */
export function removeExpiredWebLinks(now: Date): Promise<number> {
  return webLinks.removeExpired(now);
}
