import type { Lang } from '../../../models/chat.js';
import type { IdentityField } from '../../validation/codes.js';
import type { TaskKey } from '../../reminders/calendar.js';
import type { MessageButton } from '../channel.js';

export type { Lang };

/** Every notice the outbox can send; one template per register event, plus the province broadcast. */
export type TemplateName =
  | 'payment_paid'
  | 'payment_failed'
  | 'payment_returned'
  | 'payment_cash_ready'
  | 'verification_verified'
  | 'verification_mismatch'
  | 'verification_rejected'
  | 'announcement'
  | 'account_change_submitted'
  | 'life_deceased'
  | 'life_moved_out'
  | 'task_reminder'
  | 'task_overdue'
  | 'province_late_digest'
  | 'account_reminder'
  | 'zalo_token_failed';

/** Why a person is reminded to look at their account details before a payment period. */
export type AccountReminderReason = 'missing' | 'mismatch' | 'rejected' | 'unconfirmed';

/** The commune office where a person can put details right; each part null when the commune record lacks it. */
export type CommuneOffice = { communeName: string | null; officeAddress: string | null; officeHours: string | null };

/** The values each template needs; all JSON-serialisable because the outbox stores them in MongoDB. */
export type TemplateVars = {
  payment_paid: {
    beneficiaryName: string;
    period: string;
    amount: number;
    destinationMasked: string;
    provider: string | null;
    paidOn: string;
  };
  payment_failed: { beneficiaryName: string; period: string; amount: number; reason: string | null };
  payment_returned: { beneficiaryName: string; period: string; amount: number; reason: string | null };
  /** Place and dates are null when the register does not hold them: the notice then says what it can. */
  payment_cash_ready: {
    beneficiaryName: string;
    period: string;
    amount: number;
    pickupPlace: string | null;
    pickupFrom: string | null;
    pickupTo: string | null;
  };
  verification_verified: { beneficiaryName: string; destinationMasked: string; provider: string };
  verification_mismatch: {
    beneficiaryName: string;
    destinationMasked: string;
    provider: string;
    mismatchFields: IdentityField[];
    /** What the national population database holds for some of those fields (dates YYYY-MM-DD); may be empty. */
    populationValues: Partial<Record<IdentityField, string>>;
  } & CommuneOffice;
  verification_rejected: {
    beneficiaryName: string;
    destinationMasked: string;
    provider: string;
    reason: string | null;
  } & CommuneOffice;
  announcement: { provinceName: string; title: string; body: string };
  /** To the commune's officers: a beneficiary's side saved new account details in the mini-app. */
  account_change_submitted: {
    beneficiaryName: string;
    communeName: string;
    destinationMasked: string;
    provider: string;
    owner: 'self' | 'authorized' | 'new_authorized';
    via: 'telegram' | 'zalo' | 'web';
  };
  /** To the chats linked to a record whose beneficiary died: the funeral-allowance procedure of the province. */
  life_deceased: { beneficiaryName: string; dateOfDeath: string | null; procedure: string };
  /** To the chats linked to a record that moved out: who handles it now, when known. */
  life_moved_out: { beneficiaryName: string; communeName: string | null; provinceName: string | null };
  /** To a commune's officers before a task's deadline (`daysLeft` 0 on the day); carries a Done button. */
  task_reminder: TaskNoticeVars & { daysLeft: number };
  /** To a commune's officers every working day after the deadline until the task is done. */
  task_overdue: TaskNoticeVars & { daysLate: number };
  /** To a province administrator once a day: the communes late by the digest's threshold or more. */
  province_late_digest: {
    provinceName: string;
    /** The day of the digest, YYYY-MM-DD. */
    day: string;
    late: LateEntry[];
    /** Late tasks left out of `late` so the message stays within the chat's limit. */
    more: number;
  };
  /** Before a payment period, to every chat linked to a record whose account details need the person's attention. */
  account_reminder: { beneficiaryName: string; period: string; reason: AccountReminderReason };
  /** To the province administrators, once per failure episode: the Zalo OA's token could not be refreshed. */
  zalo_token_failed: {
    /** When the refreshes started failing (ISO instant). */
    since: string;
  };
};

/** What a task notice names: which task of which commune, for which period, due when. */
export type TaskNoticeVars = {
  taskId: string;
  task: TaskKey;
  communeName: string;
  period: string;
  deadlineDay: string;
};

/** One late task in a province digest. */
export type LateEntry = { communeName: string; task: TaskKey; period: string; daysLate: number };

/** A message ready for a channel: plain text, no markup, and buttons when the notice asks for an action. */
export type RenderedMessage = { text: string; buttons?: MessageButton[] };

/** The text of some templates in one language. */
export type Renderers<N extends TemplateName> = { [K in N]: (vars: TemplateVars[K]) => string };
