import crypto from 'node:crypto';
import { auditLog } from '../../models/audit.js';
import { beneficiaries } from '../../models/beneficiary.js';
import { linkCodes, type StoredLinkCode } from '../../models/link-code.js';
import { AppError } from '../errors.js';
import { beneficiaryIdFor } from '../register/sealing.js';
import { parseNationalId } from '../validation/values.js';
import type { LinkingContext } from './policy.js';

/** Letters and digits that cannot be mistaken for one another when read aloud or printed (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
/** Characters in a link code. */
export const CODE_LENGTH = 8;

const CODE_SHAPE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A code as a person might type it (lower case, spaces, dashes) in canonical form. */
export function normalizeCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '');
}

/** Whether a message is shaped like a link code (so a wrong code counts, but ordinary words do not). */
export function looksLikeCode(text: string): boolean {
  return CODE_SHAPE.test(normalizeCode(text));
}

/** The stored id of a code: a keyed hash, so the database never holds the code itself. */
export function codeIdFor(ctx: Pick<LinkingContext, 'sealer'>, code: string): string {
  return ctx.sealer.secretId('link-code', normalizeCode(code));
}

function drawCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
}

/**
 * Draws a code, stores its keyed hash with what it is for, and returns it; another draw on the
 * rare collision with a code already stored (the unique id decides).
 */
export async function storeNewCode(
  ctx: Pick<LinkingContext, 'sealer'>,
  fields: Omit<StoredLinkCode, 'id'>,
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = drawCode();
    if (await linkCodes.create({ id: codeIdFor(ctx, code), ...fields })) return code;
  }
  throw new Error('could not draw an unused link code');
}

/** Creates a single-use link code for the beneficiary with this national ID (for an officer to hand over). */
export async function issueLinkCode(
  ctx: LinkingContext,
  nationalIdText: string,
  issuedBy: string,
): Promise<{ code: string; expiresAt: Date }> {
  const parsed = parseNationalId(nationalIdText);
  if (!parsed.ok) throw new AppError('invalid_input', parsed.reason);
  const beneficiaryId = beneficiaryIdFor(ctx.sealer, parsed.value);
  if (!(await beneficiaries.byId(beneficiaryId)))
    throw new AppError('not_found', 'Không có đối tượng nào với số định danh này trong danh sách.');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.policy.codeTtlDays * 86_400_000);
  const code = await storeNewCode(ctx, {
    beneficiaryId,
    issuedBy,
    issuedAt: now,
    expiresAt,
    usedAt: null,
    usedBy: null,
  });
  await auditLog.append([
    { entryPoint: 'cli', actor: issuedBy, action: 'issue', entity: 'link_code', entityIds: [beneficiaryId] },
  ]);
  return { code, expiresAt };
}
