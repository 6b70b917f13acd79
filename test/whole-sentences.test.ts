import fc from 'fast-check';
import { VERIFICATION_STATES } from '../models/account.js';
import { PAYMENT_STATUSES } from '../models/payment.js';
import { conversation, type MediaKind } from '../services/messages/conversation.js';
import { renderStatus } from '../services/messages/status.js';
import {
  SAMPLE_VARS,
  TEMPLATE_NAMES,
  TemplateError,
  renderTemplate,
  type TemplateName,
} from '../services/notifications/templates/index.js';
import type { PaymentView, RecordStatus, StatusView } from '../services/status/payment-status.js';
import { BENEFICIARY_STATUSES, IDENTITY_FIELDS, PAYMENT_METHODS } from '../services/validation/codes.js';

const LANGS = ['vi', 'en'] as const;

/** What a sentence with a hole looks like once rendered: an empty slot, or a placeholder that leaked through. */
const HOLES: [RegExp, string][] = [
  [/ [.,;!?]/, 'a space before punctuation ( . or  ,)'],
  [/ {2}/, 'a double space'],
  [/:\s*[.,]/, 'an empty value after a colon (: .)'],
  [/ :(\n|$)/, 'a trailing " :"'],
  [/\(\s*\)/, 'empty brackets ()'],
  [/«\s*»/, 'empty quotes «»'],
  [/[—–]\s*([.,]|$)/m, 'a dash before nothing'],
  [/[ \t]$/m, 'a line ending in a space'],
  [/^[ \t]/m, 'a line starting with a space'],
  [/•••• ?([.,]|$)/m, 'a masked number without its digits'],
  [/\{[^}]*\}|\$\{/, 'a {placeholder}'],
  [/undefined|null|NaN|\[object|Invalid Date/, 'a placeholder value'],
];

function expectWhole(text: string, what: string): void {
  for (const [hole, label] of HOLES) {
    const m = hole.exec(text);
    if (m)
      throw new Error(`${what} has ${label} at «${text.slice(Math.max(0, m.index - 40), m.index + 20)}»:\n${text}`);
  }
}

/** A value the register may not know: absent, null, empty or blank. */
const MISSING = [undefined, null, '', '   '] as const;
const missingOr = <T>(...present: T[]) => fc.constantFrom<T | (typeof MISSING)[number]>(...present, ...MISSING);

describe('the payment status view with any value missing', () => {
  const payment: fc.Arbitrary<PaymentView> = fc.record({
    status: fc.constantFrom(...PAYMENT_STATUSES),
    amount: fc.integer({ min: 1, max: 5_000_000 }),
    method: fc.constantFrom(...PAYMENT_METHODS, ''),
    paidOn: fc.constantFrom(new Date('2026-10-10T03:00:00Z'), null),
    destinationMasked: missingOr('•••• 1234'),
    provider: missingOr('Vietcombank', 'MoMo'),
    failureReason: missingOr('Tài khoản đã bị khóa', 'Sai tên chủ tài khoản.', 'Số tài khoản 0123456789 không tồn tại'),
    pickupPlace: missingOr('Bưu điện xã Hòa An'),
    pickupFrom: missingOr('2026-11-10'),
    pickupTo: missingOr('2026-11-20'),
  }) as fc.Arbitrary<PaymentView>;
  const account = fc.record({
    state: fc.constantFrom(...VERIFICATION_STATES),
    mismatchFields: fc.subarray([...IDENTITY_FIELDS]),
    reason: missingOr('Tài khoản không thuộc người hưởng'),
    provider: fc.constantFrom('Agribank', '', '  '),
    masked: fc.constantFrom('•••• 6789', ''),
  }) as fc.Arbitrary<NonNullable<RecordStatus['account']>>;
  const record: fc.Arbitrary<RecordStatus> = fc.record({
    beneficiaryId: fc.constant('0'.repeat(24)),
    fullName: fc.constantFrom('Nguyễn Thị Lan', 'Lê Văn Tám'),
    state: fc.constantFrom(...BENEFICIARY_STATUSES),
    periods: fc.array(
      fc.record({ period: fc.constantFrom('2026-11', '2026-10', '2026-09'), payment: fc.option(payment) }),
      { minLength: 1, maxLength: 3 },
    ),
    account: fc.option(account),
  });
  const view: fc.Arbitrary<StatusView> = fc.record({
    page: fc.integer({ min: 0, max: 7 }),
    hasOlder: fc.boolean(),
    records: fc.array(record, { maxLength: 3 }),
  });

  test('when any status, method, account state or optional value is missing, then every line reads as a whole sentence, in both languages', () => {
    fc.assert(
      fc.property(view, fc.constantFrom(...LANGS), (v, lang) => expectWhole(renderStatus(v, lang), `status (${lang})`)),
      { numRuns: 2000 },
    );
  });

  test('when a bank payment was imported with no account details on record, then it is paid "vào tài khoản ngân hàng"', () => {
    const p: PaymentView = {
      status: 'paid',
      amount: 500_000,
      method: 'bank',
      paidOn: new Date('2026-10-10T03:00:00Z'),
      destinationMasked: null,
      provider: null,
      failureReason: null,
      pickupPlace: null,
      pickupFrom: null,
      pickupTo: null,
    };
    const view: StatusView = {
      page: 0,
      hasOlder: false,
      records: [
        {
          beneficiaryId: '0'.repeat(24),
          fullName: 'Nguyễn Thị Lan',
          state: 'active',
          periods: [{ period: '2026-10', payment: p }],
          account: null,
        },
      ],
    };
    expect(renderStatus(view, 'vi')).toContain('✅ Đã chuyển khoản ngày 10/10/2026 vào tài khoản ngân hàng.');
    expect(renderStatus(view, 'en')).toContain('✅ Paid on 10/10/2026 to your bank account.');
  });
});

describe('every notice with any optional value missing', () => {
  /**
   * The values a notice may not know (null, empty or blank); the rest are required, and a render without
   * them is refused rather than holed. A variable left out altogether is always refused: the outbox
   * stores every variable, so an absent one is a bug in whoever built the notice.
   */
  const OPTIONAL: { [N in TemplateName]: string[] } = {
    payment_paid: ['destinationMasked', 'provider'],
    payment_failed: ['reason'],
    payment_returned: ['reason'],
    payment_cash_ready: ['pickupPlace', 'pickupFrom', 'pickupTo'],
    verification_verified: [],
    verification_mismatch: ['populationValues', 'communeName', 'officeAddress', 'officeHours'],
    verification_rejected: ['reason', 'communeName', 'officeAddress', 'officeHours'],
    announcement: [],
    account_change_submitted: [],
    life_deceased: ['dateOfDeath'],
    life_moved_out: ['communeName', 'provinceName'],
    task_reminder: [],
    task_overdue: [],
    province_late_digest: [],
    account_reminder: [],
    zalo_token_failed: [],
  };

  /** Added after notices were queued without it: left out, it means "none given" (not a bug). */
  const MAY_BE_ABSENT: Partial<Record<TemplateName, string[]>> = { verification_mismatch: ['populationValues'] };

  const varsWithGaps = (name: TemplateName) =>
    fc
      .tuple(
        ...Object.keys(SAMPLE_VARS[name]).map((key) =>
          fc.oneof(
            fc.constant([key, 'present'] as const),
            fc.constantFrom(...MISSING).map((m) => [key, m] as const),
          ),
        ),
      )
      .map((entries) => {
        const vars: Record<string, unknown> = { ...SAMPLE_VARS[name] };
        const missing: string[] = [];
        let absent = false;
        for (const [key, value] of entries) {
          if (value === 'present') continue;
          missing.push(key);
          if (value === undefined) delete vars[key];
          else vars[key] = value;
          absent ||= value === undefined && !MAY_BE_ABSENT[name]?.includes(key);
        }
        return { vars, missing, absent };
      });

  test.each(TEMPLATE_NAMES)(
    'when %s lacks any of its values, then it reads whole in both languages or is refused for a required one',
    (name) => {
      fc.assert(
        fc.property(varsWithGaps(name), fc.constantFrom(...LANGS), ({ vars, missing, absent }, lang) => {
          if (absent || missing.some((k) => !OPTIONAL[name].includes(k))) {
            expect(() => renderTemplate(name, lang, vars)).toThrow(TemplateError);
            return;
          }
          expectWhole(renderTemplate(name, lang, vars).text, `${name} (${lang}) without ${missing.join(', ') || '—'}`);
        }),
        { numRuns: 300 },
      );
    },
  );

  test('when cash is ready but the register has no place or dates, then the notice still goes, saying whom to ask', () => {
    const vars = { ...SAMPLE_VARS.payment_cash_ready, pickupPlace: null, pickupFrom: null, pickupTo: null };
    const vi = renderTemplate('payment_cash_ready', 'vi', vars).text;
    expect(vi).toContain('Nơi nhận: bưu điện.\nThời gian: xin hỏi cán bộ xã.');
    expect(vi).not.toContain('trong thời gian này');
    expect(renderTemplate('payment_cash_ready', 'en', { ...vars, pickupTo: '2026-11-20' }).text).toContain(
      'When: until 20/11/2026.',
    );
  });
});

describe('the conversation replies', () => {
  test('when any reply of a typed question, media or the numbers warning is rendered, then it has no hole', () => {
    for (const lang of LANGS) {
      const t = conversation[lang];
      for (const text of [t.hello, t.thanks, t.openApp, t.numbersWarning]) expectWhole(text, `conversation (${lang})`);
      for (const kind of ['voice', 'picture', 'file', 'sticker'] as MediaKind[]) expectWhole(t.media(kind), kind);
    }
  });
});
