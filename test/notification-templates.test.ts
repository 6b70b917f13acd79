import { readFileSync } from 'node:fs';
import { AppError } from '../services/errors.js';
import {
  SAMPLE_VARS,
  TEMPLATE_NAMES,
  TemplateError,
  isTemplateName,
  renderTemplate,
  type TemplateName,
} from '../services/notifications/templates/index.js';
import { IDENTITY_FIELDS, IDENTITY_FIELD_LABELS_VI } from '../services/validation/codes.js';
import { DIGEST_MAX_ENTRIES } from '../services/notifications/templates/schemas.js';

const LANGS = ['vi', 'en'] as const;
const PAYMENTS: TemplateName[] = ['payment_paid', 'payment_failed', 'payment_returned', 'payment_cash_ready'];

/** Renders and returns the TemplateError thrown, failing the test when nothing is thrown. */
function failure(name: string, vars: unknown): TemplateError {
  try {
    renderTemplate(name, 'vi', vars);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error(`${name} rendered although it should not`);
}

/** Templates that are not about one beneficiary: a broadcast and officers' task notices. */
const NOT_ABOUT_A_PERSON = new Set<TemplateName>([
  'announcement',
  'task_reminder',
  'task_overdue',
  'province_late_digest',
  'zalo_token_failed',
]);

const withVar = <N extends TemplateName>(name: N, key: string, value: unknown): unknown => ({
  ...SAMPLE_VARS[name],
  [key]: value,
});

describe('every template with its sample values', () => {
  it.each(TEMPLATE_NAMES.flatMap((n) => LANGS.map((l) => [n, l] as const)))(
    'when %s is rendered in %s, then it is complete, short and plain',
    (name, lang) => {
      const { text } = renderTemplate(name, lang, SAMPLE_VARS[name]);
      expect(text).not.toMatch(/undefined|null|NaN|\[object|\$\{/);
      expect(text.length).toBeGreaterThan(50);
      expect(text.length).toBeLessThanOrEqual(700);
      expect(text).not.toMatch(/\d{4}-\d{2}/); // no ISO date or period leaks through unformatted
      const vars: Record<string, unknown> = SAMPLE_VARS[name];
      if (!NOT_ABOUT_A_PERSON.has(name)) expect(text.split('\n')[1]).toBe(`👤 ${String(vars.beneficiaryName)}`);
    },
  );

  it.each(PAYMENTS.flatMap((n) => LANGS.map((l) => [n, l] as const)))(
    'when %s is rendered in %s, then amount and period read as Vietnamese readers expect',
    (name, lang) => {
      const { text } = renderTemplate(name, lang, SAMPLE_VARS[name]);
      expect(text).toContain('500.000 ₫');
      expect(text).toContain(lang === 'vi' ? 'Kỳ chi trả tháng 11/2026' : 'Payment period 11/2026');
    },
  );

  it.each(TEMPLATE_NAMES)('when %s is rendered, then Vietnamese and English differ', (name) => {
    expect(renderTemplate(name, 'vi', SAMPLE_VARS[name]).text).not.toBe(
      renderTemplate(name, 'en', SAMPLE_VARS[name]).text,
    );
  });

  it('when a task notice is rendered, then it carries Done for its task and the officer section; notices other than the account reminder carry no buttons', () => {
    const { taskId } = SAMPLE_VARS.task_reminder;
    for (const name of ['task_reminder', 'task_overdue'] as const) {
      expect(renderTemplate(name, 'vi', SAMPLE_VARS[name]).buttons).toEqual([
        { kind: 'callback', data: `task:done:${taskId}`, label: '✅ Đã xong' },
        { kind: 'open_app', section: 'officer', label: '📋 Mở mục Cán bộ' },
      ]);
      expect(renderTemplate(name, 'en', SAMPLE_VARS[name]).buttons?.[0]?.label).toBe('✅ Done');
    }
    expect(renderTemplate('province_late_digest', 'vi', SAMPLE_VARS.province_late_digest).buttons).toEqual([
      { kind: 'open_app', section: 'officer', label: '📋 Mở mục Cán bộ' },
    ]);
    for (const name of TEMPLATE_NAMES.filter((n) => !NOT_ABOUT_A_PERSON.has(n) && n !== 'account_reminder'))
      expect(renderTemplate(name, 'vi', SAMPLE_VARS[name]).buttons).toBeUndefined();
  });

  it("when the account reminder is rendered, then it carries the one button to the mini-app, in the chat's language", () => {
    expect(renderTemplate('account_reminder', 'vi', SAMPLE_VARS.account_reminder).buttons).toEqual([
      { kind: 'open_app', section: 'beneficiary', label: '📋 Mở ứng dụng' },
    ]);
    expect(renderTemplate('account_reminder', 'en', SAMPLE_VARS.account_reminder).buttons).toEqual([
      { kind: 'open_app', section: 'beneficiary', label: '📋 Open the app' },
    ]);
  });

  it('when a reminder is due today or a digest lists more than fits, then it says so in whole sentences', () => {
    expect(renderTemplate('task_reminder', 'vi', { ...SAMPLE_VARS.task_reminder, daysLeft: 0 }).text).toContain(
      'Kỳ 12/2026: hôm nay, ngày 21/12/2026, là hạn chót.',
    );
    expect(renderTemplate('task_overdue', 'en', { ...SAMPLE_VARS.task_overdue, daysLate: 1 }).text).toContain(
      'the deadline was 21/12/2026, 1 day ago.',
    );
    expect(
      renderTemplate('province_late_digest', 'vi', { ...SAMPLE_VARS.province_late_digest, more: 7 }).text,
    ).toContain('Và 7 việc chậm hạn khác.');
  });

  it('when the values went through MongoDB (JSON), then the rendering is the same', () => {
    for (const name of TEMPLATE_NAMES) {
      const stored: unknown = JSON.parse(JSON.stringify(SAMPLE_VARS[name]));
      expect(renderTemplate(name, 'vi', stored)).toEqual(renderTemplate(name, 'vi', SAMPLE_VARS[name]));
    }
  });

  it('lists exactly the templates that have samples, and recognises only them', () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual(Object.keys(SAMPLE_VARS).sort());
    expect(TEMPLATE_NAMES).toHaveLength(16);
    expect(isTemplateName('payment_paid')).toBe(true);
    expect(isTemplateName('toString')).toBe(false);
    expect(isTemplateName('payment_unknown')).toBe(false);
  });
});

describe('what each notice says', () => {
  it('when a payment is paid, then the date, masked account and provider are shown', () => {
    expect(renderTemplate('payment_paid', 'vi', SAMPLE_VARS.payment_paid).text).toContain(
      '500.000 ₫ — Đã chuyển khoản ngày 05/11/2026 vào tài khoản •••• 1234 tại Vietcombank.',
    );
    expect(renderTemplate('payment_paid', 'en', SAMPLE_VARS.payment_paid).text).toContain(
      'Paid on 05/11/2026 to account •••• 1234 at Vietcombank.',
    );
  });

  it('when the paid account and provider are unknown, then the sentence still reads without a hole', () => {
    const { text } = renderTemplate('payment_paid', 'vi', {
      ...SAMPLE_VARS.payment_paid,
      destinationMasked: '',
      provider: null,
    });
    expect(text).toContain('Đã chuyển khoản ngày 05/11/2026 vào tài khoản nhận tiền.');
    expect(text).not.toMatch(/ tại | {2}/);
  });

  it('when a payment failed with a reason, then the reason, what to do and the never-ask warning are there', () => {
    const vi = renderTemplate('payment_failed', 'vi', SAMPLE_VARS.payment_failed).text;
    expect(vi).toContain('Lý do: Tài khoản đã bị khóa.');
    expect(vi).toContain('xin mang CCCD đến cán bộ xã');
    expect(vi).toContain('không bao giờ hỏi mật khẩu, mã OTP hay số tài khoản đầy đủ');
    expect(renderTemplate('payment_failed', 'en', SAMPLE_VARS.payment_failed).text).toContain(
      'We never ask for passwords, OTP codes or full account numbers',
    );
  });

  it('when the reason is unknown (null or empty), then no reason line is written', () => {
    for (const reason of [null, '', '   ']) {
      for (const name of ['payment_failed', 'payment_returned', 'verification_rejected'] as const) {
        const { text } = renderTemplate(name, 'vi', withVar(name, 'reason', reason));
        expect(text).not.toContain('Lý do');
        expect(text).toContain('Việc cần làm');
      }
    }
  });

  it('when a reason quotes a full account number, then only its last four digits reach the chat', () => {
    const { text } = renderTemplate(
      'payment_returned',
      'vi',
      withVar('payment_returned', 'reason', 'Số tài khoản 0123456789 không tồn tại'),
    );
    expect(text).not.toContain('0123456789');
    expect(text).toContain('Lý do: Số tài khoản •••• 6789 không tồn tại.');
  });

  it('when cash is ready, then place, both dates and what to bring are shown', () => {
    const { text } = renderTemplate('payment_cash_ready', 'vi', SAMPLE_VARS.payment_cash_ready);
    expect(text).toContain('Nơi nhận: Bưu điện xã Hòa An.');
    expect(text).toContain('từ ngày 10/11/2026 đến ngày 20/11/2026');
    expect(text).toContain('Xin mang theo CCCD');
  });

  it('when details mismatch, then each field is named with the police form label, in both languages', () => {
    const all = withVar('verification_mismatch', 'mismatchFields', [...IDENTITY_FIELDS]);
    const vi = renderTemplate('verification_mismatch', 'vi', all).text;
    for (const f of IDENTITY_FIELDS) expect(vi).toContain(`• ${IDENTITY_FIELD_LABELS_VI[f]}`);
    const en = renderTemplate('verification_mismatch', 'en', SAMPLE_VARS.verification_mismatch).text;
    expect(en).toContain('• Date of birth in the national population database: 12/03/1948\n• Place of origin');
    expect(vi).toContain('trong ứng dụng Tin An Sinh');
    expect(vi).toContain('Ủy ban nhân dân Phường Ba Đình (số 1 phố Đội Cấn), giờ làm việc: sáng 7:30');
  });

  it('when the police gave the population database values, then each differing field shows its value in whole sentences, dates as dd/mm/yyyy', () => {
    const vars = {
      ...SAMPLE_VARS.verification_mismatch,
      mismatchFields: ['full_name', 'date_of_birth', 'permanent_residence'],
      populationValues: { full_name: 'Nguyễn Thị Lành', date_of_birth: '1948-03-12' },
    };
    const vi = renderTemplate('verification_mismatch', 'vi', vars).text;
    expect(vi).toContain(
      '• Họ, chữ đệm và tên theo Cơ sở dữ liệu quốc gia về dân cư: Nguyễn Thị Lành\n' +
        '• Ngày sinh theo Cơ sở dữ liệu quốc gia về dân cư: 12/03/1948\n• Nơi thường trú\n',
    );
    expect(renderTemplate('verification_mismatch', 'en', vars).text).toContain(
      '• Date of birth in the national population database: 12/03/1948',
    );
    for (const none of [{}, null, undefined])
      expect(renderTemplate('verification_mismatch', 'vi', { ...vars, populationValues: none }).text).toContain(
        '• Ngày sinh\n',
      );
    const bad = failure('verification_mismatch', { ...vars, populationValues: { date_of_birth: '12/03/1948' } });
    expect(bad.variable).toBe('populationValues[date_of_birth]');
    expect(bad.message).not.toContain('12/03/1948');
  });

  it('when a field is listed twice, then it is shown once', () => {
    const { text } = renderTemplate(
      'verification_mismatch',
      'vi',
      withVar('verification_mismatch', 'mismatchFields', ['date_of_birth', 'date_of_birth']),
    );
    expect(text.split('• Ngày sinh')).toHaveLength(2);
  });

  it('when a new authorized person is named, then the officer is told to check the authorization first', () => {
    const vars = { ...SAMPLE_VARS.account_change_submitted, owner: 'new_authorized' };
    expect(renderTemplate('account_change_submitted', 'vi', vars).text).toContain('kiểm tra giấy ủy quyền');
    expect(renderTemplate('account_change_submitted', 'vi', SAMPLE_VARS.account_change_submitted).text).not.toContain(
      'giấy ủy quyền',
    );
    expect(renderTemplate('account_change_submitted', 'en', vars).text).toContain('letter of authorization');
  });

  it('when an announcement is rendered, then it opens with the province office header', () => {
    expect(renderTemplate('announcement', 'vi', SAMPLE_VARS.announcement).text.split('\n')[0]).toBe(
      '📢 Thông báo của Sở Y tế Nghệ An',
    );
    expect(renderTemplate('announcement', 'en', SAMPLE_VARS.announcement).text.split('\n')[0]).toBe(
      '📢 Announcement from the Nghệ An Department of Health',
    );
  });
});

describe('length limits', () => {
  const longest = (n: number): string => 'Ạ'.repeat(n);
  const atLimits: { [N in TemplateName]: unknown } = {
    payment_paid: {
      ...SAMPLE_VARS.payment_paid,
      beneficiaryName: longest(120),
      provider: longest(120),
      destinationMasked: `${'•'.repeat(36)}1234`,
    },
    payment_failed: { ...SAMPLE_VARS.payment_failed, beneficiaryName: longest(120), reason: longest(300) },
    payment_returned: { ...SAMPLE_VARS.payment_returned, beneficiaryName: longest(120), reason: longest(300) },
    payment_cash_ready: { ...SAMPLE_VARS.payment_cash_ready, beneficiaryName: longest(120), pickupPlace: longest(200) },
    verification_verified: {
      ...SAMPLE_VARS.verification_verified,
      beneficiaryName: longest(120),
      provider: longest(120),
    },
    verification_mismatch: {
      ...SAMPLE_VARS.verification_mismatch,
      beneficiaryName: longest(120),
      provider: longest(120),
      mismatchFields: [...IDENTITY_FIELDS],
      populationValues: {
        full_name: longest(120),
        date_of_birth: '1948-03-12',
        place_of_origin: longest(200),
        permanent_residence: longest(200),
      },
    },
    verification_rejected: {
      ...SAMPLE_VARS.verification_rejected,
      beneficiaryName: longest(120),
      provider: longest(120),
      reason: longest(300),
    },
    announcement: { provinceName: longest(120), title: longest(120), body: longest(3000) },
    account_change_submitted: {
      ...SAMPLE_VARS.account_change_submitted,
      beneficiaryName: longest(120),
      communeName: longest(120),
      provider: longest(120),
      owner: 'new_authorized',
    },
    life_deceased: { beneficiaryName: longest(120), dateOfDeath: '2026-11-03', procedure: longest(800) },
    life_moved_out: { beneficiaryName: longest(120), communeName: longest(120), provinceName: longest(120) },
    task_reminder: { ...SAMPLE_VARS.task_reminder, communeName: longest(120), daysLeft: 3660 },
    task_overdue: { ...SAMPLE_VARS.task_overdue, communeName: longest(120), daysLate: 3660 },
    province_late_digest: {
      provinceName: longest(120),
      day: '2026-12-24',
      late: Array.from({ length: DIGEST_MAX_ENTRIES }, () => ({
        communeName: longest(120),
        task: 'payment_list',
        period: '2026-12',
        daysLate: 3660,
      })),
      more: 100_000,
    },
    account_reminder: { ...SAMPLE_VARS.account_reminder, beneficiaryName: longest(120) },
    zalo_token_failed: SAMPLE_VARS.zalo_token_failed,
  };

  it('when every value is at its limit, then personal notices stay near 1,000 characters and all fit in one Telegram message', () => {
    for (const name of TEMPLATE_NAMES) {
      for (const lang of LANGS) {
        const { text } = renderTemplate(name, lang, atLimits[name]);
        // The funeral-allowance procedure is the province's own text (up to 800 characters); a mismatch
        // may carry four population-database values (up to 520 characters); a digest lists up to 20 communes.
        const limit =
          { announcement: 4096, province_late_digest: 4096, life_deceased: 1200, verification_mismatch: 1500 }[
            name as string
          ] ?? 1100;
        expect(text.length).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('when an announcement title or body is one character too long, then it is refused naming the field', () => {
    expect(failure('announcement', withVar('announcement', 'title', longest(121))).variable).toBe('title');
    expect(failure('announcement', withVar('announcement', 'body', longest(3001))).variable).toBe('body');
    expect(failure('announcement', withVar('announcement', 'body', '  ')).variable).toBe('body');
  });
});

/** Variables added after notices were already queued without them: their absence means "none given". */
const MAY_BE_ABSENT = new Set(['verification_mismatch.populationValues']);

describe('refusals', () => {
  it.each(
    TEMPLATE_NAMES.flatMap((n) =>
      Object.keys(SAMPLE_VARS[n])
        .filter((k) => !MAY_BE_ABSENT.has(`${n}.${k}`))
        .map((k) => [n, k] as const),
    ),
  )('when %s has no %s, then it throws naming the missing variable', (name, key) => {
    const vars: Record<string, unknown> = { ...SAMPLE_VARS[name] };
    delete vars[key];
    const err = failure(name, vars);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('invalid_input');
    expect(err.reason).toBe('template_variable_missing');
    expect(err.variable).toBe(key);
    expect(err.message).toContain(name);
    expect(err.message).toContain(key);
  });

  it.each([
    ['payment_paid', 'amount', 'a string', '987654'],
    ['payment_paid', 'amount', 'a fraction of a đồng', 500_000.5],
    ['payment_paid', 'amount', 'negative', -400_000],
    ['payment_failed', 'amount', 'NaN', Number.NaN],
    ['payment_paid', 'paidOn', 'a day not on the calendar', '2026-02-30'],
    ['payment_paid', 'paidOn', 'a dd/mm/yyyy date', '05/11/2026'],
    ['payment_failed', 'period', 'month 13', '2026-13'],
    ['payment_cash_ready', 'pickupTo', 'a day before pickupFrom', '2026-11-09'],
    ['payment_paid', 'destinationMasked', 'a full account number', '0123456789'],
    ['verification_verified', 'destinationMasked', 'empty', ''],
    ['verification_verified', 'beneficiaryName', 'a number', 42_424_242],
    ['verification_rejected', 'reason', '301 characters', 'Ạ'.repeat(301)],
    ['verification_mismatch', 'mismatchFields', 'an empty list', []],
    ['verification_mismatch', 'mismatchFields', 'a string, not a list', 'Ngày sinh'],
  ] as const)('%s: when %s is %s, then it throws naming the variable but not the value', (name, key, _label, value) => {
    const err = failure(name, withVar(name, key, value));
    expect(err.reason).toBe('template_variable_invalid');
    expect(err.variable).toBe(key);
    expect(err.message).toContain(name);
    expect(err.message).toContain(key);
    if (String(value).length > 2) expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain(String(value));
  });

  it('when one listed field is not an identity field, then the error points at that element', () => {
    const err = failure(
      'verification_mismatch',
      withVar('verification_mismatch', 'mismatchFields', ['date_of_birth', 'shoe_size']),
    );
    expect(err.variable).toBe('mismatchFields[1]');
    expect(err.message).not.toContain('shoe_size');
  });

  it('when a personal value is of the wrong type, then the message never quotes it', () => {
    const secret = 'Trần Văn Bí Mật 0912345678';
    const err = failure('payment_paid', { ...SAMPLE_VARS.payment_paid, beneficiaryName: [secret] });
    expect(err.variable).toBe('beneficiaryName');
    expect(`${err.message} ${JSON.stringify(err.details)}`).not.toMatch(/Bí Mật|0912345678/);
  });

  it('when the template is unknown, then it throws template_unknown naming it', () => {
    const err = failure('payment_lost', SAMPLE_VARS.payment_paid);
    expect(err.reason).toBe('template_unknown');
    expect(err.message).toContain('payment_lost');
  });

  it('when vars is not an object, then it throws rather than rendering', () => {
    for (const vars of [null, undefined, 'x', [SAMPLE_VARS.payment_paid]])
      expect(failure('payment_paid', vars).reason).toBe('template_variable_invalid');
  });
});

describe('the templates README', () => {
  it('shows every template with its current Vietnamese sample rendering', () => {
    const readme = readFileSync(new URL('../services/notifications/templates/README.md', import.meta.url), 'utf8');
    for (const name of TEMPLATE_NAMES) {
      expect(readme).toContain(
        `### \`${name}\`\n\n\`\`\`text\n${renderTemplate(name, 'vi', SAMPLE_VARS[name]).text}\n\`\`\``,
      );
    }
  });
});
