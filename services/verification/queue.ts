import {
  authorOf,
  FINAL_VERIFICATION_STATES,
  type DetailsAuthor,
  type Verification,
  type VerificationState,
} from '../../models/account.js';
import { verificationQueue as queued, type QueuedAccount } from '../../models/verification-queue.js';
import { AppError } from '../errors.js';
import { maskTail } from '../mask.js';
import { auditOfficer } from '../officers/audit.js';
import { areaOf, type Acting, type Area } from '../officers/scope.js';
import { communesByCode } from '../register/commune-names.js';

/** The states an officer works on: details waiting to go to the police, and those with the police. */
export const QUEUE_STATES = ['submitted', 'verifying'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** One account in the verification queue, masked. */
export type QueueItem = {
  ref: string;
  beneficiaryRef: string;
  fullName: string;
  communeCode: string;
  communeName: string;
  state: QueueState;
  submittedAt: string;
  /** Who gave the details: the beneficiary, the authorized person, unknown (a code or web link), or an import. */
  changedBy: DetailsAuthor;
  changedFields: string[];
  numberMasked: string;
  providerName: string;
  owner: 'self' | 'authorized';
  holderName: string;
  /**
   * The police's answer on the details these replaced (a correction answers it): for a mismatch the
   * fields that differed and what the population database holds for those the police gave.
   */
  lastResult: {
    state: 'verified' | 'mismatch' | 'rejected';
    mismatchFields: string[];
    populationValues: Record<string, string>;
    reason: string | null;
    at: string;
  } | null;
};

/** Options of a queue page: communes within the scope, states, 1-based page, page size (≤ 50). */
export type QueueQuery = { communes?: string[]; states?: QueueState[]; page?: number; pageSize?: number };

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 50;

const BAD_QUERY = {
  vi: 'Trang, cỡ trang hoặc trạng thái không hợp lệ.',
  en: 'Invalid page, page size or state.',
};

/**
 * The officer's area, narrowed to the communes asked for; the requested communes' records come
 * back too (their names, and for a province administrator their province, which the scope checks).
 */
export async function areaWithCommunes(
  acting: Acting,
  requested: readonly string[] = [],
): Promise<{ area: Area; names: Map<string, string> }> {
  const wanted = [...new Set(requested)];
  const found = [...(await communesByCode(wanted)).values()];
  const area = areaOf(acting.scope, wanted, new Map(found.map((c) => [c.code, c.provinceCode])));
  return { area, names: new Map(found.map((c) => [c.code, c.name])) };
}

function itemOf(a: QueuedAccount, communeName: string): QueueItem {
  return {
    ref: a.id,
    beneficiaryRef: a.beneficiaryId,
    fullName: a.fullName ?? '',
    communeCode: a.communeCode ?? '',
    communeName,
    state: a.state as QueueState,
    submittedAt: a.current.submittedAt.toISOString(),
    changedBy: authorOf(a.current),
    changedFields: a.changedFields,
    numberMasked: maskTail(a.current.number.last4),
    providerName: a.current.providerName,
    owner: a.current.owner,
    holderName: a.current.holderName,
    lastResult: a.lastResult && lastResultOf(a.lastResult),
  };
}

function lastResultOf(v: Verification): QueueItem['lastResult'] {
  if (!FINAL_VERIFICATION_STATES.has(v.state)) return null;
  return {
    state: v.state as 'verified' | 'mismatch' | 'rejected',
    mismatchFields: v.mismatchFields,
    populationValues: v.populationValues,
    reason: v.reason,
    at: v.at.toISOString(),
  };
}

/**
 * One page of the account details waiting in the officer's area, oldest first, masked, audited as a
 * read of the page: three database commands (the page and the total together, then the audit entry);
 * commune names come from services/register/commune-names.ts, read at most every ten minutes.
 */
export async function verificationQueue(
  acting: Acting,
  opts: QueueQuery = {},
): Promise<{ items: QueueItem[]; total: number; page: number; pageSize: number }> {
  const page = opts.page ?? 1;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const states: readonly VerificationState[] = opts.states?.length ? [...new Set(opts.states)] : QUEUE_STATES;
  if (
    !Number.isInteger(page) ||
    page < 1 ||
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > MAX_PAGE_SIZE ||
    states.some((s) => !(QUEUE_STATES as readonly string[]).includes(s))
  )
    throw new AppError('invalid_input', BAD_QUERY);
  const { area, names } = await areaWithCommunes(acting, opts.communes);
  const [rows, total] = await Promise.all([
    queued.page(area, states, (page - 1) * pageSize, pageSize),
    queued.count(area, states),
  ]);
  const unnamed = [...new Set(rows.map((r) => r.communeCode ?? '').filter((c) => c && !names.has(c)))];
  for (const [code, c] of await communesByCode(unnamed)) names.set(code, c.name);
  const items = rows.map((r) => itemOf(r, names.get(r.communeCode ?? '') ?? r.communeCode ?? ''));
  if (items.length)
    await auditOfficer(acting, {
      action: 'read',
      entity: 'account',
      entityIds: items.map((i) => i.ref),
      note: 'verification_queue',
    });
  return { items, total, page, pageSize };
}

/** How many account details wait in the officer's area, by state (the bot menu shows it). */
export async function countQueue(acting: Acting): Promise<{ submitted: number; verifying: number }> {
  const byState = await queued.countByState(areaOf(acting.scope), QUEUE_STATES);
  return { submitted: byState.get('submitted') ?? 0, verifying: byState.get('verifying') ?? 0 };
}
