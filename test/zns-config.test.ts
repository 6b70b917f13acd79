import { ConfigError, loadConfig } from '../services/config.js';
import { AppError } from '../services/errors.js';
import { startNotifications } from '../services/notifications/index.js';
import { enqueue } from '../services/notifications/outbox.js';
import { znsChatRef } from '../services/notifications/zns/routing.js';
import { failureOf, znsPhone } from '../services/notifications/zns/channel.js';
import { ZNS_FIELDS, znsTemplateData } from '../services/notifications/zns/fields.js';
import { setProvinceZns } from '../services/notifications/zns/province-switch.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { beneficiaryIdFor } from '../services/register/sealing.js';
import { zaloOaFromConfig } from '../services/zalo/from-config.js';
import { notifications } from '../models/notification.js';
import { startFakeZaloOa } from './fakes/zalo-oa.js';
import { waitUntil } from './support/notify.js';
import { aBeneficiary, register } from './support/register.js';
import { emptyDatabase, startTestRuntime } from './support/runtime.js';

const PAID = { templateId: '301001', params: { customer_name: 'beneficiaryName', amount: 'amount' } };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('ZNS configuration is checked at boot, naming what is wrong', () => {
  test('when ZNS_TEMPLATES is valid, then it is read with the test phones in 84… form and development mode by default', () => {
    const c = loadConfig({
      NODE_ENV: 'test',
      ZNS_TEMPLATES: JSON.stringify({ payment_paid: PAID }),
      ZNS_TEST_PHONES: '0912 345 678,+84987654321',
    });
    expect(c.ZNS_TEMPLATES).toEqual({ payment_paid: PAID });
    expect(c.ZNS_TEST_PHONES).toEqual(['84912345678', '84987654321']);
    expect(c.ZNS_MODE).toBe('development');
    expect(c.ZNS_PROVINCE_DEFAULT).toBe('off');
    expect(c.ZNS_FALLBACK_TYPES).toBe('all');
  });

  test('when ZNS_TEMPLATES is not JSON, names an unknown notice type or a field the type lacks, then boot stops saying so', () => {
    expect(problemsOf({ ZNS_TEMPLATES: '{payment_paid' })).toEqual([
      expect.stringMatching(/^ZNS_TEMPLATES: must be JSON/),
    ]);
    expect(problemsOf({ ZNS_TEMPLATES: JSON.stringify({ announcement: PAID }) })[0]).toMatch(/^ZNS_TEMPLATES/);
    expect(
      problemsOf({
        ZNS_TEMPLATES: JSON.stringify({ payment_paid: { templateId: '1', params: { reason: 'reason' } } }),
      }),
    ).toEqual([expect.stringContaining('payment_paid.params.reason: "reason" is not one of beneficiaryName, period')]);
    expect(
      problemsOf({ ZNS_TEMPLATES: JSON.stringify({ payment_paid: { templateId: 'abc', params: {} } }) })[0],
    ).toMatch(/templateId must be the digits/);
  });

  test('when ZNS_FALLBACK_TYPES lists a type without a template, or ZNS_TEST_PHONES holds a non-mobile number, then boot stops', () => {
    expect(
      problemsOf({
        ZNS_TEMPLATES: JSON.stringify({ payment_paid: PAID }),
        ZNS_FALLBACK_TYPES: 'payment_paid,payment_failed',
      }),
    ).toEqual(['ZNS_FALLBACK_TYPES: payment_failed has no template in ZNS_TEMPLATES']);
    expect(problemsOf({ ZNS_FALLBACK_TYPES: 'announcement' })[0]).toMatch(/^ZNS_FALLBACK_TYPES: must be all/);
    expect(problemsOf({ ZNS_TEST_PHONES: '0912345678,12345' })[0]).toMatch(/^ZNS_TEST_PHONES: must be mobile numbers/);
  });
});

describe('what a ZNS carries', () => {
  test('when a mismatch notice is mapped, then each parameter gets the value as a person reads it, a long reason is cut and digits masked', () => {
    const data = znsTemplateData(
      'verification_mismatch',
      { templateId: '1', params: { ten: 'beneficiaryName', truong: 'mismatchFields', noi: 'officeAddress' } },
      {
        beneficiaryName: 'Nguyễn Thị Lan',
        destinationMasked: '•••• 1234',
        provider: 'Agribank',
        mismatchFields: ['full_name', 'date_of_birth'],
        populationValues: {},
        communeName: null,
        officeAddress: null,
        officeHours: null,
      },
    );
    expect(data).toEqual({ ten: 'Nguyễn Thị Lan', truong: 'Họ, chữ đệm và tên, Ngày sinh', noi: '-' });
    const failed = znsTemplateData(
      'payment_failed',
      { templateId: '1', params: { ly_do: 'reason' } },
      { beneficiaryName: 'A', period: '2026-11', amount: 1, reason: `Tài khoản 123456789012 ${'x'.repeat(400)}` },
    );
    expect(failed.ly_do).toHaveLength(200);
    expect(failed.ly_do).toMatch(/^Tài khoản •••• 9012 x/);
    expect(Object.keys(ZNS_FIELDS.payment_cash_ready)).toEqual(
      expect.arrayContaining(['pickupPlace', 'pickupFrom', 'pickupTo']),
    );
  });

  test("when a phone is in the register's form, then ZNS gets 84…; anything else is not sent", () => {
    expect(znsPhone('+84912345678')).toBe('84912345678');
    expect(znsPhone('+849123456789')).toBeNull();
    expect(znsPhone('0912345678')).toBeNull();
  });

  test('when Zalo reports a used-up quota just before midnight in Vietnam, then the channel pauses until just after it', () => {
    const at = new Date('2026-12-05T16:59:00Z'); // 23:59 in Vietnam
    const f = failureOf({ kind: 'quota_exceeded', zaloCode: -144, detail: 'Zalo error -144' }, at);
    expect(f).toEqual({ kind: 'rate_limited', retryAfterMs: 2 * 60_000 });
  });
});

describe('the province switch', () => {
  const acting = (scope: Scope): Acting => ({ scope, entryPoint: 'cli', now: () => new Date() });
  const communeOfficer: Scope = {
    role: 'commune_officer',
    officerId: 'o1',
    name: 'Cán bộ xã',
    provinceCode: '01',
    communeCodes: ['00004'],
  };
  const adminOf = (provinceCode: string): Scope => ({
    role: 'province_admin',
    officerId: 'o2',
    name: 'Cán bộ tỉnh',
    provinceCode,
    communeCodes: [],
  });

  test('when a commune officer, or another province’s administrator, switches ZNS, then it is refused; an unknown province too', async () => {
    await expect(setProvinceZns(acting(communeOfficer), '01', true)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setProvinceZns(acting(adminOf('79')), '01', true)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setProvinceZns(acting(adminOf('01')), '99', true)).rejects.toBeInstanceOf(AppError);
  });
});

describe('startNotifications', () => {
  test('when ZNS_TEMPLATES and the Official Account are configured, then the process sends ZNS notices through the OA client', async () => {
    const zalo = await startFakeZaloOa();
    const rt = await startTestRuntime({
      ZALO_APP_ID: zalo.appId,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_ID: '77',
      ZALO_OA_API_ROOT: zalo.oaRoot,
      ZALO_OAUTH_ROOT: zalo.oauthRoot,
      ZALO_ZNS_API_ROOT: zalo.znsRoot,
      ZNS_TEMPLATES: JSON.stringify({ payment_paid: PAID }),
      ZNS_MODE: 'production',
      NOTIFY_QUIET_HOURS: 'off',
      NOTIFY_POLL_MS: '50',
    });
    try {
      await emptyDatabase();
      const lan = aBeneficiary({ phone: '+84912000111' });
      await register(rt.sealer, [lan]);
      // An administrator's grant, stored as the CLI would; the process builds its own client from the configuration.
      await zaloOaFromConfig(rt.config, { sealer: rt.sealer, log: rt.log })!.tokens.seed(zalo.issueTokens());
      const worker = await startNotifications(rt, []);
      const beneficiaryId = beneficiaryIdFor(rt.sealer, lan.nationalId);
      const [id] = await enqueue([
        {
          channel: 'zns',
          address: beneficiaryId,
          chatRef: znsChatRef(beneficiaryId),
          beneficiaryId,
          eventKey: 'wiring',
          period: '2026-11',
          lane: 'personal',
          lang: 'vi',
          template: 'payment_paid',
          vars: {
            beneficiaryName: 'Nguyễn Thị Lan',
            period: '2026-11',
            amount: 500000,
            destinationMasked: '',
            provider: null,
            paidOn: '2026-11-10',
          },
        },
      ]).then(async (n) => {
        expect(n).toBe(1);
        return (await notifications.countByStatus('2026-11')).map((r) => r.channel);
      });
      expect(id).toBe('zns');
      await waitUntil(
        () => zalo.znsSends.length,
        (n) => n >= 1,
        5000,
        'the ZNS',
      );
      expect(zalo.znsSends[0]).toMatchObject({
        phone: '84912000111',
        templateData: { customer_name: 'Nguyễn Thị Lan', amount: '500.000 ₫' },
      });
      await worker.stop();
    } finally {
      await rt.stop();
      await zalo.stop();
    }
  });
});
