import { broadcasts, type BroadcastState, type StoredBroadcast } from '../../models/broadcast.js';
import { notifications } from '../../models/notification.js';
import { AppError, type Localized } from '../errors.js';
import { auditOfficer } from '../officers/audit.js';
import { actorOf, SCOPE_WORDS, type Acting, type Scope } from '../officers/scope.js';
import { viewOf } from './compose.js';
import type { BroadcastPolicy, BroadcastProgress, BroadcastView } from './types.js';

const WORDS = {
  notFound: { vi: 'Không tìm thấy thông báo này.', en: 'This broadcast was not found.' },
  ownApproval: {
    vi: 'Người soạn không tự duyệt được thông báo của mình. Cần một quản trị viên cấp tỉnh khác duyệt.',
    en: 'The author cannot approve their own broadcast. Another province administrator must approve it.',
  },
  approverRole: {
    vi: 'Chỉ quản trị viên cấp tỉnh của tỉnh/thành phố này mới duyệt được thông báo.',
    en: "Only a province administrator of this broadcast's province can approve it.",
  },
  notAwaiting: {
    vi: 'Thông báo này không chờ duyệt (đã được duyệt, đã hủy hoặc không cần duyệt).',
    en: 'This broadcast is not waiting for approval.',
  },
  notCancellable: {
    vi: 'Thông báo này đã gửi xong hoặc đã hủy.',
    en: 'This broadcast has already finished or been cancelled.',
  },
  notPausable: {
    vi: 'Chỉ tạm dừng được thông báo đang chờ gửi hoặc đang gửi.',
    en: 'Only a broadcast scheduled or being sent can be paused.',
  },
  notPaused: { vi: 'Thông báo này không ở trạng thái tạm dừng.', en: 'This broadcast is not paused.' },
} satisfies Record<string, Localized>;

/** Why a broadcast's unsent copies were cancelled (the outbox's failure field). */
export const CANCELLED_REASON = 'broadcast_cancelled';
/** Outcomes that mean the person blocked the bot or the chat is gone. */
const BLOCKED_FAILURES = new Set(['chat_blocked', 'blocked', 'not_found']);

/** Whether the officer may see and steer this broadcast: their province's; a commune officer only their communes'. */
function reachesBroadcast(scope: Scope, b: StoredBroadcast): boolean {
  if (scope.role === 'operator') return true;
  if (b.provinceCode !== scope.provinceCode) return false;
  if (scope.role === 'province_admin' || scope.role === 'api_client') return true;
  if (b.author === actorOf(scope)) return true;
  return b.communeCodes.length > 0 && b.communeCodes.every((c) => scope.communeCodes.includes(c));
}

/** The broadcast, or a 404 (also for one outside the scope, which is refused in so many words). */
async function load(acting: Acting, id: string): Promise<StoredBroadcast> {
  const b = /^[0-9a-f]{24}$/.test(id) ? await broadcasts.byId(id) : null;
  if (!b) throw new AppError('not_found', WORDS.notFound);
  if (!reachesBroadcast(acting.scope, b)) throw new AppError('forbidden', SCOPE_WORDS.outside);
  return b;
}

/** One transition, audit-logged; a broadcast in another state is a conflict with these words. */
async function move(
  acting: Acting,
  b: StoredBroadcast,
  from: readonly BroadcastState[],
  to: BroadcastState,
  set: Parameters<typeof broadcasts.transition>[3],
  refused: Localized,
  action: string,
): Promise<StoredBroadcast> {
  const res = await broadcasts.transition(b.id, from, to, set, acting.now());
  if (!res.ok) throw new AppError('conflict', refused, { state: res.current?.state ?? null });
  await auditOfficer(acting, { action, entity: 'broadcast', entityIds: [b.id], note: `${b.state} → ${to}` });
  return res.broadcast;
}

/**
 * A second province administrator approves (four eyes): never the author. `urgent` decides whether
 * it sends through quiet hours (absent: not urgent, whatever the author asked).
 */
export async function approveBroadcast(
  acting: Acting,
  id: string,
  opts: { urgent?: boolean } = {},
  _policy?: BroadcastPolicy,
): Promise<BroadcastView> {
  const b = await load(acting, id);
  // The second pair of eyes is a person's: a machine client's key never approves.
  if (acting.scope.role === 'commune_officer' || acting.scope.role === 'api_client')
    throw new AppError('forbidden', WORDS.approverRole);
  if (b.author === actorOf(acting.scope)) throw new AppError('forbidden', WORDS.ownApproval);
  const now = acting.now();
  const approved = await move(
    acting,
    b,
    ['awaiting_approval'],
    'scheduled',
    {
      approvedBy: actorOf(acting.scope),
      approvedAt: now,
      urgent: opts.urgent ?? false,
      // Approved after its time: it goes now.
      scheduledAt: b.scheduledAt < now ? now : b.scheduledAt,
    },
    WORDS.notAwaiting,
    opts.urgent ? 'broadcast_approve_urgent' : 'broadcast_approve',
  );
  return viewOf(approved);
}

/**
 * Stops it: every notice not yet sent is cancelled in one update and the expansion stops. A notice a
 * dispatcher had already claimed (at most about half a second of sending) may still go.
 */
export async function cancelBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  const b = await load(acting, id);
  const now = acting.now();
  const cancelled = await move(
    acting,
    b,
    ['draft', 'awaiting_approval', 'scheduled', 'sending', 'paused'],
    'cancelled',
    { cancelledAt: now, cancelledBy: actorOf(acting.scope), finishedAt: now },
    WORDS.notCancellable,
    'broadcast_cancel',
  );
  await notifications.cancelBroadcast(id, CANCELLED_REASON);
  return viewOf(cancelled);
}

/** Holds every notice not yet sent and stops the expansion until `resumeBroadcast`. */
export async function pauseBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  const b = await load(acting, id);
  const paused = await move(
    acting,
    b,
    ['scheduled', 'sending'],
    'paused',
    { pausedAt: acting.now() },
    WORDS.notPausable,
    'broadcast_pause',
  );
  await notifications.holdBroadcast(id);
  return viewOf(paused);
}

/** Lets a paused broadcast go on where it stopped. */
export async function resumeBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  const b = await load(acting, id);
  const now = acting.now();
  // One that had not started waits for its time again; one that had goes on at once.
  const started = b.counters.pages > 0 || b.cursor.done;
  const resumed = await move(
    acting,
    b,
    ['paused'],
    started ? 'sending' : 'scheduled',
    { pausedAt: null },
    WORDS.notPaused,
    'broadcast_resume',
  );
  await notifications.unholdBroadcast(id, now);
  return viewOf(resumed);
}

/** One broadcast within the officer's scope. */
export async function getBroadcast(acting: Acting, id: string): Promise<BroadcastView> {
  return viewOf(await load(acting, id));
}

/** A broadcast's copies counted: one aggregate over its notices, plus the people the expansion found blocked. */
export async function progressOf(b: StoredBroadcast): Promise<BroadcastProgress> {
  const p = { sent: 0, failed: 0, pending: 0, blocked: b.counters.blocked, cancelled: 0 };
  for (const row of await notifications.countBroadcast(b.id)) {
    if (row.status === 'sent') p.sent += row.count;
    else if (row.status === 'created' || row.status === 'sending') p.pending += row.count;
    else if (row.failure && BLOCKED_FAILURES.has(row.failure)) p.blocked += row.count;
    else if (row.status === 'cancelled') p.cancelled += row.count;
    else p.failed += row.count;
  }
  return {
    id: b.id,
    state: b.state,
    ...p,
    total: p.sent + p.failed + p.pending + p.blocked + p.cancelled,
    people: b.preview.people,
    expanded: b.cursor.done,
  };
}

/** Sent, failed, pending, blocked and cancelled so far: one aggregate over the broadcast's notices. */
export async function broadcastProgress(acting: Acting, id: string): Promise<BroadcastProgress> {
  return progressOf(await load(acting, id));
}

/** The broadcasts the officer may see (a province's; a commune officer's own communes'), newest first. */
export async function listBroadcasts(acting: Acting, opts: { limit?: number } = {}): Promise<BroadcastView[]> {
  const limit = Math.min(Math.max(1, opts.limit ?? 50), 200);
  const rows = await broadcasts.list({ provinceCode: acting.scope.provinceCode, limit });
  return rows.filter((b) => reachesBroadcast(acting.scope, b)).map(viewOf);
}
