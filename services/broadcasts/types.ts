import type {
  BroadcastAudience,
  BroadcastButton,
  BroadcastFilters,
  BroadcastState,
  BroadcastText,
  StoredBroadcast,
} from '../../models/broadcast.js';
import type { ChannelName } from '../notifications/channel.js';
import type { QuietHours } from '../notifications/quiet-hours.js';

export type {
  BroadcastAudience,
  BroadcastButton,
  BroadcastFilters,
  BroadcastMessage,
  BroadcastPreview,
  BroadcastState,
  BroadcastText,
} from '../../models/broadcast.js';
export { BROADCAST_AUDIENCES, BROADCAST_STATES, FINAL_BROADCAST_STATES } from '../../models/broadcast.js';

/**
 * What an officer composes (the API's body, the bot's guided flow). Validated by `createBroadcast`
 * with Vietnamese messages; dates may come as ISO strings.
 */
export type BroadcastInput = {
  /**
   * The client's key for this request: the same officer sending the same key again gets the same
   * broadcast back instead of a second one (a double click, a retried request).
   */
  requestKey?: string;
  /** Defaults to the officer's province; the operator must name one. */
  provinceCode?: string;
  /** Empty or absent: the whole province (a commune officer: all of their communes). */
  communeCodes?: string[];
  who: BroadcastAudience;
  filters?: BroadcastFilters;
  message: { vi: BroadcastText; en?: BroadcastText | null; button?: BroadcastButton | null };
  /** Through quiet hours. Applies at once when no approval is needed; otherwise a request the approver decides. */
  urgent?: boolean;
  /** Absent or null: now. */
  scheduledAt?: Date | string | null;
  /** true: stored as a draft with its preview; `submitBroadcast` sends it on. */
  draft?: boolean;
};

/** A broadcast as services return it (the worker's lease and cursor left out). */
export type BroadcastView = Omit<StoredBroadcast, 'lease' | 'cursor' | 'counters'> & {
  /** Whether the expansion into notices has finished. */
  expanded: boolean;
};

/** Live progress: every person counted once, in exactly one of sent, failed, pending, blocked, cancelled. */
export type BroadcastProgress = {
  id: string;
  state: BroadcastState;
  sent: number;
  failed: number;
  /** Not sent yet: waiting (also held by a pause or quiet hours) or being sent. */
  pending: number;
  /** The person blocked the bot (found at expansion, or when sending). */
  blocked: number;
  cancelled: number;
  /** sent + failed + pending + blocked + cancelled, so far (grows while the audience is expanded). */
  total: number;
  /** The people the preview counted. */
  people: number;
  /** Whether every person has a notice yet. */
  expanded: boolean;
};

/** The rules broadcasts follow; from configuration (`broadcastPolicy`). */
export type BroadcastPolicy = {
  /** Above this many people a second province administrator must approve. */
  approvalThreshold: number;
  /** Sends per second for each channel (the notification pacing configuration). */
  ratePerSecond: Partial<Record<ChannelName, number>>;
  quietHours: QuietHours;
  /** Records read per page of the expansion. */
  pageSize: number;
  /** How long a worker's claim on an expansion lasts without progress before another takes it over. */
  leaseMs: number;
};

export type { StoredBroadcast };
