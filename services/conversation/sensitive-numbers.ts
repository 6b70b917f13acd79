import { normalise } from './intents.js';

/*
 * Numbers nobody should send in a chat: a full personal ID number, a full account number, a
 * one-time password. Detected so the bot can warn and never repeat or keep them; a guess from the
 * text alone, shared by every channel.
 */

/** What kind of number a message seems to carry. */
export type SensitiveNumber = 'national_id' | 'account_number' | 'otp';

// Digits with at most one space, dot or dash between them: «0011 4010 0000», «001.140.100.000».
// A slash ends a run, so dates and periods («12/03/1948», «11/2026 12/2026») stay apart.
const DIGIT_RUN = /\d(?:[ .-]?\d)*/g;
// A run followed by a currency word is an amount of money («10.500.000 đ»), not an account.
const MONEY_AFTER = /^\s?(?:đ|₫|d|k|vnd|vnđ|dong|đồng|nghìn|nghin|ngàn|ngan|triệu|trieu)(?![\p{L}\p{N}])/iu;
// Bank accounts run 6–19 digits, but below 9 a run is as likely a date or an amount; the log masking
// (services/mask.ts) draws the same line.
const LONG_RUN = 9;
const ID_DIGITS = 12;
const OTP_WORDS =
  /(?:^| )(?:otp|ma (?:xac nhan|xac thuc|bao mat|kich hoat|giao dich|pin)|mat (?:khau|ma)|pin|password|passcode|(?:verification|security|one time) code)(?: |$)/;
const OTP_DIGITS = /^\d{4,8}$/;

/** The first sensitive number a message seems to carry, or null. */
export function sensitiveNumberIn(text: string): SensitiveNumber | null {
  const runs = [...text.matchAll(DIGIT_RUN)].flatMap((m) => {
    if (MONEY_AFTER.test(text.slice(m.index + m[0].length))) return [];
    return [m[0].replace(/\D/g, '')];
  });
  if (runs.some((d) => d.length === ID_DIGITS)) return 'national_id';
  if (runs.some((d) => d.length >= LONG_RUN)) return 'account_number';
  const otpShaped = runs.filter((d) => OTP_DIGITS.test(d));
  if (otpShaped.length && OTP_WORDS.test(normalise(text))) return 'otp';
  // Six digits and nothing else is how a code copied from a bank's SMS arrives.
  if (/^\s*\d{3}[ .-]?\d{3}\s*$/.test(text)) return 'otp';
  return null;
}
