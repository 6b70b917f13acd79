import { z } from 'zod';
import { IDENTITY_FIELDS } from '../../validation/codes.js';
import { TASK_KEYS } from '../../reminders/calendar.js';
import type { TemplateName, TemplateVars } from './types.js';

// Limits follow the import columns (services/imports/rows.ts), so every value the register accepts renders.
const text = (max: number) => z.string().trim().min(1).max(max);
/** Free text that may be unknown; an empty string counts as unknown rather than as a hole in the message. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((s) => s || null);

/** A date that may be unknown; blank counts as unknown. */
const optionalDay = z.preprocess((v) => (typeof v === 'string' && !v.trim() ? null : v), z.iso.date().nullable());

const name = text(120);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const amount = z.number().int().positive().max(1_000_000_000);
const day = z.iso.date();
const provider = text(120);
// A full account number must never reach a chat: at most four digits in a row, as `maskTail` leaves them.
const masked = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !/\d{5}/.test(s));
const reason = optionalText(300);
/**
 * The population database's values, by identity field; unknown (absent, null or blank) counts as none
 * given, so mismatch notices queued before the values existed still render. Their limits follow the
 * results import's population columns.
 */
const populationValues = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === 'string' && !v.trim()) ? {} : v),
  z.strictObject({
    full_name: text(120).optional(),
    date_of_birth: day.optional(),
    place_of_origin: text(200).optional(),
    permanent_residence: text(200).optional(),
  }),
);
const taskId = z.string().regex(/^[0-9a-f]{24}$/);
const task = z.enum(TASK_KEYS);
const dayCount = z.number().int().min(0).max(3660);
const taskNotice = { taskId, task, communeName: text(120), period, deadlineDay: day };
/** A digest lists at most this many late tasks: with every name at its limit it stays under Telegram's 4,096 characters. */
export const DIGEST_MAX_ENTRIES = 20;

const office = { communeName: optionalText(120), officeAddress: optionalText(200), officeHours: optionalText(120) };

/** What each variable must be, in words safe to log (they describe the rule, never the value). */
export const EXPECTED: Record<string, string> = {
  beneficiaryName: 'chuỗi 1–120 ký tự',
  period: 'kỳ dạng YYYY-MM',
  amount: 'số đồng nguyên, lớn hơn 0',
  destinationMasked: 'số tài khoản đã che, tối đa 4 chữ số liền nhau',
  provider: 'chuỗi 1–120 ký tự',
  paidOn: 'ngày có thật dạng YYYY-MM-DD',
  reason: 'chuỗi tối đa 300 ký tự hoặc null',
  pickupPlace: 'chuỗi tối đa 200 ký tự hoặc null',
  pickupFrom: 'ngày có thật dạng YYYY-MM-DD hoặc null',
  pickupTo: 'ngày có thật dạng YYYY-MM-DD hoặc null, không trước pickupFrom',
  mismatchFields: `ít nhất một trong ${IDENTITY_FIELDS.join(', ')}`,
  populationValues: `đối tượng với các khóa ${IDENTITY_FIELDS.join(', ')} (họ tên tối đa 120 ký tự, ngày sinh dạng YYYY-MM-DD, quê quán và nơi thường trú tối đa 200 ký tự), có thể rỗng`,
  provinceName: 'chuỗi 1–120 ký tự',
  title: 'chuỗi 1–120 ký tự',
  body: 'chuỗi 1–3000 ký tự',
  communeName: 'chuỗi 1–120 ký tự',
  owner: 'self, authorized hoặc new_authorized',
  via: 'telegram, zalo hoặc web',
  officeAddress: 'chuỗi tối đa 200 ký tự hoặc null',
  officeHours: 'chuỗi tối đa 120 ký tự hoặc null',
  dateOfDeath: 'ngày có thật dạng YYYY-MM-DD hoặc null',
  procedure: 'chuỗi 1–800 ký tự',
  taskId: 'mã công việc 24 ký tự hex',
  task: 'monthly_changes hoặc payment_list',
  deadlineDay: 'ngày có thật dạng YYYY-MM-DD',
  daysLeft: 'số ngày nguyên, từ 0',
  daysLate: 'số ngày nguyên, từ 0',
  day: 'ngày có thật dạng YYYY-MM-DD',
  late: `1–${DIGEST_MAX_ENTRIES} việc chậm hạn (communeName, task, period, daysLate)`,
  more: 'số nguyên, từ 0',
  since: 'thời điểm dạng ISO 8601',
};

/** One schema per template; typed against TemplateVars so the two cannot drift apart. */
export const SCHEMAS: { [N in TemplateName]: z.ZodType<TemplateVars[N]> } = {
  payment_paid: z.object({
    beneficiaryName: name,
    period,
    amount,
    // Unknown (null or blank) when the register holds no account details: the notice then says "your receiving account".
    destinationMasked: masked.nullable().transform((s) => s ?? ''),
    provider: optionalText(120),
    paidOn: day,
  }),
  payment_failed: z.object({ beneficiaryName: name, period, amount, reason }),
  payment_returned: z.object({ beneficiaryName: name, period, amount, reason }),
  payment_cash_ready: z
    .object({
      beneficiaryName: name,
      period,
      amount,
      pickupPlace: optionalText(200),
      pickupFrom: optionalDay,
      pickupTo: optionalDay,
    })
    .refine((v) => !v.pickupFrom || !v.pickupTo || v.pickupFrom <= v.pickupTo, { path: ['pickupTo'] }),
  verification_verified: z.object({
    beneficiaryName: name,
    destinationMasked: masked.pipe(z.string().min(1)),
    provider,
  }),
  verification_mismatch: z.object({
    beneficiaryName: name,
    destinationMasked: masked.pipe(z.string().min(1)),
    provider,
    mismatchFields: z
      .array(z.enum(IDENTITY_FIELDS))
      .min(1)
      .transform((f) => [...new Set(f)]),
    populationValues,
    ...office,
  }),
  verification_rejected: z.object({
    beneficiaryName: name,
    destinationMasked: masked.pipe(z.string().min(1)),
    provider,
    reason,
    ...office,
  }),
  announcement: z.object({ provinceName: text(120), title: text(120), body: text(3000) }),
  account_change_submitted: z.object({
    beneficiaryName: name,
    communeName: text(120),
    destinationMasked: masked.pipe(z.string().min(1)),
    provider,
    owner: z.enum(['self', 'authorized', 'new_authorized']),
    via: z.enum(['telegram', 'zalo', 'web']),
  }),
  life_deceased: z.object({ beneficiaryName: name, dateOfDeath: optionalDay, procedure: text(800) }),
  life_moved_out: z.object({
    beneficiaryName: name,
    communeName: optionalText(120),
    provinceName: optionalText(120),
  }),
  task_reminder: z.object({ ...taskNotice, daysLeft: dayCount }),
  task_overdue: z.object({ ...taskNotice, daysLate: dayCount }),
  province_late_digest: z.object({
    provinceName: text(120),
    day,
    late: z
      .array(z.object({ communeName: text(120), task, period, daysLate: dayCount }))
      .min(1)
      .max(DIGEST_MAX_ENTRIES),
    more: z.number().int().min(0),
  }),
  account_reminder: z.object({
    beneficiaryName: name,
    period,
    reason: z.enum(['missing', 'mismatch', 'rejected', 'unconfirmed']),
  }),
  zalo_token_failed: z.object({ since: z.iso.datetime() }),
};
