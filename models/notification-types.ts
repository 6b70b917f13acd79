/** The outbox's vocabulary: where a notification stands, its lanes, and what is stored and recorded. */

/** Where a notification stands, as GOV.UK Notify names them. */
export const NOTIFICATION_STATUSES = [
  'created',
  'sending',
  'sent',
  'failed',
  'technical-failure',
  'cancelled',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
/** Statuses a notification never leaves. */
export const FINAL_STATUSES: ReadonlySet<NotificationStatus> = new Set([
  'sent',
  'failed',
  'technical-failure',
  'cancelled',
]);
/** Statuses that mean the person did not get the message. */
export const FAILED_STATUSES: ReadonlySet<NotificationStatus> = new Set(['failed', 'technical-failure']);

/** Personal notices (payment, verification, replies) always go before bulk work (broadcasts, reminders). */
export const LANES = ['personal', 'bulk'] as const;
export type Lane = (typeof LANES)[number];

/** One counted try at delivering (429s are only counted in `rateLimited`). */
export type Attempt = {
  at: Date;
  outcome: 'sent' | 'rate_limited' | 'blocked' | 'not_found' | 'rejected' | 'transient' | 'skipped';
  detail?: string;
};

/** One message to one chat about one event; the id is derived from (channel, chat, event). */
export type StoredNotification = {
  id: string;
  channel: string;
  address: string;
  chatRef: string;
  beneficiaryId: string | null;
  eventKey: string;
  period: string;
  lane: Lane;
  template: string;
  lang: string;
  vars: Record<string, unknown>;
  status: NotificationStatus;
  notBefore: Date;
  attempts: number;
  log: Attempt[];
  claimToken: string | null;
  claimedAt: Date | null;
  recoveries: number;
  rateLimited: number;
  providerMessageId: string | null;
  failure: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The province broadcast this notice is a copy of (pause, resume, cancel and progress find them by it). */
  broadcastId?: string | null;
  /** Bulk work that goes through quiet hours (a broadcast its approver marked urgent). */
  urgent?: boolean;
  /**
   * Where the beneficiary a notice reaches lives, so a delivery counts toward that province's (and
   * commune's) dashboard; absent on officers' work notices and on notices made before it was kept.
   */
  provinceCode?: string | null;
  communeCode?: string | null;
  /** The correlation id of the work that created it (a webhook update, a request, an import), for the logs. */
  correlationId?: string | null;
};

/** The natural key of a notification: one per chat and event. */
export const naturalKey = (n: Pick<StoredNotification, 'channel' | 'address' | 'eventKey'>): string =>
  `${n.channel}\u0000${n.address}\u0000${n.eventKey}`;

/** A notification to create; status, attempts and claims start empty. */
export type NewNotification = Pick<
  StoredNotification,
  | 'id'
  | 'channel'
  | 'address'
  | 'chatRef'
  | 'beneficiaryId'
  | 'eventKey'
  | 'period'
  | 'lane'
  | 'template'
  | 'lang'
  | 'vars'
> &
  Partial<Pick<StoredNotification, 'broadcastId' | 'urgent' | 'provinceCode' | 'communeCode' | 'correlationId'>>;

/** What a sender records after one try (successful sends are recorded in batches: settleSent). */
export type Outcome =
  | { kind: 'retry'; notBefore: Date; attempt: Attempt; counted: boolean }
  | {
      kind: 'final';
      status: 'failed' | 'technical-failure' | 'cancelled';
      attempt: Attempt | null;
      counted: boolean;
      failure: string;
    };
