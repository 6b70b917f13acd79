import { foldVietnamese } from '../validation/values.js';

/*
 * What a typed message asks for, from a small table of the phrases people actually type, with or
 * without diacritics. The same intents as the menu's buttons and commands; shared by every channel,
 * so nothing here knows about Telegram or Zalo.
 */

/** The things a beneficiary can ask for in a sentence. */
export const INTENTS = ['unlink', 'open_app', 'payment_status', 'help', 'thanks', 'greeting'] as const;
export type Intent = (typeof INTENTS)[number];

// Everyday spellings and chat shorthand, each to the word the table is written in.
const SHORTHAND: Record<string, string> = {
  k: 'khong',
  ko: 'khong',
  kg: 'khong',
  kh: 'khong',
  khg: 'khong',
  hok: 'khong',
  hong: 'khong',
  chx: 'chua',
  dc: 'duoc',
  dk: 'duoc',
  j: 'gi',
  tk: 'tai khoan',
  stk: 'so tai khoan',
  bh: 'bao gio',
  bgio: 'bao gio',
  ntn: 'nhu the nao',
  lanh: 'linh',
  camon: 'cam on',
  thankyou: 'thank you',
};

/** Lower case, no diacritics (đ → d), shorthand spelled out, every run of spaces or punctuation one space. */
export function normalise(text: string): string {
  return foldVietnamese(text.replace(/ð/gi, 'đ'))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map((w) => SHORTHAND[w] ?? w)
    .join(' ');
}

// A phrase matches whole words of the normalised text; `(a|b)` and `( x)?` work as in a regular expression.
const phrases = (...sources: string[]): RegExp[] => sources.map((s) => new RegExp(`(?:^| )(?:${s})(?: |$)`));
const whole = (...sources: string[]): RegExp[] => [new RegExp(`^(?:${sources.join('|')})$`)];

/**
 * The table, first match wins: a message that asks two things gets the more specific answer
 * («xin chào, tiền về chưa?» is about the payment; «đổi tài khoản nhận tiền» about the account).
 */
const TABLE: readonly { intent: Intent; patterns: RegExp[] }[] = [
  {
    intent: 'unlink',
    patterns: phrases(
      '(huy|bo|go|xoa|ngat|thoi) (lien ket|ket noi)',
      'unlink',
      '(remove|delete|cancel) (the |my |this )?link',
    ),
  },
  {
    intent: 'open_app',
    patterns: phrases(
      '(doi|thay|sua|cap nhat|thay doi|khai|dang ky|xac nhan)( lai)?( so)? tai khoan',
      'so tai khoan',
      'tai khoan (cua toi|nhan tien|nhan tro cap)',
      'mo ung dung',
      'ung dung',
      'mini app',
      'miniapp',
      '(change|update|confirm|edit)( my| the)?( bank| receiving)? account',
      'account (number|details)',
      'open( the)? app',
    ),
  },
  {
    intent: 'payment_status',
    patterns: [
      ...whole('tien', 'tien a', 'tien oi'),
      ...phrases(
        'tien( \\S+){0,3} (ve|toi|den|chua)',
        '(co|nhan|linh|rut|lay|duoc) tien',
        '(bao gio|khi nao|hom nao|ngay nao|may gio)( \\S+){0,2} (co|nhan|linh|ve|duoc|chuyen|tra)',
        'tro cap',
        'chi tra',
        'chuyen khoan',
        'tien thang',
        'xem tien',
        'payment',
        'paid',
        'pay me',
        'allowance',
        'money',
        'cash',
        '(get|receive|collect) (my |the )?(money|allowance|payment|cash)',
      ),
    ],
  },
  {
    intent: 'help',
    patterns: phrases(
      'giup',
      'huong dan',
      'tro giup',
      'lam (sao|the nao|nhu the nao)',
      'khong (hieu|biet)',
      'help',
      'how (do|can|to)',
      'what can you do',
    ),
  },
  {
    intent: 'thanks',
    patterns: [
      ...phrases('cam on', 'cam ong', 'thank you', 'thanks', 'thank', 'thx', 'tks'),
      ...whole('ok', 'oke', 'okay', 'okie', 'vang', 'da', 'u', 'uh', 'duoc roi', 'ro roi', 'biet roi', 'got it'),
    ],
  },
  {
    intent: 'greeting',
    patterns: phrases('xin chao', 'chao', 'alo', 'a lo', 'hello', 'hi', 'hey', 'good (morning|afternoon|evening)'),
  },
];

/** The intent of a typed message, or null when the table does not know it. */
export function intentOf(text: string): Intent | null {
  const n = normalise(text);
  if (!n) return null;
  return TABLE.find((row) => row.patterns.some((p) => p.test(n)))?.intent ?? null;
}
