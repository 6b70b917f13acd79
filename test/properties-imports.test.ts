import fc from 'fast-check';
import type { Commune } from '../models/commune.js';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from '../services/imports/columns.js';
import {
  convertBeneficiary,
  convertCommune,
  convertPayment,
  convertVerification,
  type Converted,
  type RowContext,
} from '../services/imports/rows.js';
import { CATEGORY_LABELS_VI, PAYMENT_METHOD_LABELS_VI } from '../services/validation/codes.js';
import { anyCell } from './support/properties.js';

/*
 * Properties of what an import reads: a row converter given any cells answers a record or the
 * errors of named columns (never a throw); a valid row comes back as the record it describes. The
 * CSV reader's properties are in test/properties-csv.test.ts.
 */

const RUNS = { numRuns: 200 };
const TODAY = '2026-11-20';
const BA_DINH: Commune = {
  id: '000000000000000000000004',
  code: '00004',
  name: 'Phường Ba Đình',
  provinceCode: '01',
  legacyDistrict: null,
  address: null,
  officeHours: null,
};
const ctx: RowContext = { today: TODAY, communes: new Map([[BA_DINH.code, BA_DINH]]) };

const converters: Record<ImportKind, (values: Record<string, unknown>) => Converted<unknown>> = {
  communes: convertCommune,
  beneficiaries: (values) => convertBeneficiary(values, ctx),
  payments: convertPayment,
  'account-verifications': (values) => convertVerification(values, ctx),
};

/** A row of `kind` with any subset of its columns, each holding anything a cell can hold. */
const anyRow = (kind: ImportKind) => {
  const columns = [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
  return fc.record(Object.fromEntries(columns.map((c) => [c, anyCell])), { requiredKeys: [] });
};

describe('row converters, given any cells', () => {
  it.each(IMPORT_KINDS)(
    'when a %s row holds anything, then it converts to a record, or to errors naming its columns, without throwing',
    (kind) => {
      const columns = new Set([...COLUMNS[kind].required, ...COLUMNS[kind].optional]);
      fc.assert(
        fc.property(anyRow(kind), (values) => {
          const converted = converters[kind](values);
          if (converted.value !== null) {
            expect(converted.errors).toEqual([]);
            expect(typeof converted.key).toBe('string');
            return;
          }
          expect(converted.errors.length).toBeGreaterThan(0);
          for (const e of converted.errors) {
            expect(columns.has(e.column)).toBe(true);
            expect(e.reason).toEqual(expect.stringMatching(/\S/));
          }
        }),
        RUNS,
      );
    },
  );
});

const pad2 = (n: number) => String(n).padStart(2, '0');
const nationalId = fc.stringMatching(/^\d{12}$/);
const pastDay = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => ({
    iso: d.toISOString().slice(0, 10),
    vi: `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
  }));
const name = fc
  .tuple(
    fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đặng'),
    fc.constantFrom('Thị', 'Văn', 'Hữu', 'Ngọc'),
    fc.constantFrom('Lan', 'Hùng', 'Ánh', 'Đức', 'Thuỷ'),
  )
  .map((parts) => parts.join(' '));
const amount = fc.integer({ min: 1, max: 1_000_000_000 });
const mobile = fc.stringMatching(/^0[35789]\d{8}$/);

describe('valid rows, as a CSV gives them', () => {
  it('when a beneficiary row is valid, then the record holds what the cells say', () => {
    fc.assert(
      fc.property(
        nationalId,
        name,
        pastDay,
        mobile,
        fc.constantFrom(...(Object.keys(CATEGORY_LABELS_VI) as (keyof typeof CATEGORY_LABELS_VI)[])),
        amount,
        fc.constantFrom('cash_post', 'ewallet', 'mobile_money') satisfies fc.Arbitrary<
          keyof typeof PAYMENT_METHOD_LABELS_VI
        >,
        (id, fullName, born, phone, category, monthly, method) => {
          const converted = convertBeneficiary(
            {
              national_id: id,
              full_name: ` ${fullName} `,
              date_of_birth: born.vi,
              gender: 'Nữ',
              ethnicity: 'Kinh',
              phone,
              province_code: '01',
              commune_code: '00004',
              category: CATEGORY_LABELS_VI[category],
              decision_number: '',
              decision_date: '',
              monthly_amount: monthly.toLocaleString('de-DE'),
              payment_method: PAYMENT_METHOD_LABELS_VI[method],
            },
            ctx,
          );
          expect(converted.errors).toEqual([]);
          expect(converted.key).toBe(id);
          expect(converted.value).toMatchObject({
            nationalId: id,
            fullName,
            dateOfBirth: born.iso,
            gender: 'female',
            phone: `+84${phone.slice(1)}`,
            communeCode: '00004',
            category,
            monthlyAmount: monthly,
            paymentMethod: method,
            status: 'active',
            guardian: null,
            account: null,
          });
        },
      ),
      RUNS,
    );
  });

  it('when a payment row is valid, then the record holds its period, amount and status, keyed by ID, period and kind', () => {
    fc.assert(
      fc.property(
        nationalId,
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        amount,
        pastDay,
        (id, y, m, paid, day) => {
          const converted = convertPayment({
            national_id: id,
            period: `${m}/${y}`,
            amount: String(paid),
            status: 'Đã chuyển khoản',
            paid_at: day.vi,
          });
          const period = `${y}-${pad2(m)}`;
          expect(converted.errors).toEqual([]);
          expect(converted.key).toBe(`${id}|${period}|monthly`);
          expect(converted.value).toMatchObject({
            nationalId: id,
            period,
            amount: paid,
            status: 'paid',
            paidAt: day.iso,
          });
        },
      ),
      RUNS,
    );
  });

  it('when a verification row says "mismatch" with fields, then exactly those fields, and their population values, are kept', () => {
    fc.assert(
      fc.property(
        nationalId,
        fc.subarray(['full_name', 'place_of_origin'] as const, { minLength: 1 }),
        name,
        (id, fields, other) => {
          const converted = convertVerification(
            {
              national_id: id,
              result: 'Sai lệch thông tin',
              mismatched_fields: fields.join('; '),
              population_full_name: other,
              population_place_of_origin: 'Hà Nội',
            },
            ctx,
          );
          expect(converted.errors).toEqual([]);
          expect(converted.value).toMatchObject({ nationalId: id, result: 'mismatch', mismatchFields: fields });
          expect(Object.keys((converted.value as { populationValues: object }).populationValues).sort()).toEqual(
            [...fields].sort(),
          );
        },
      ),
      RUNS,
    );
  });

  it('when a commune row is valid, then the record holds its code, name and province', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{5}$/).filter((c) => c !== '00000'),
        name,
        (code, communeName) => {
          const converted = convertCommune({ code, name: communeName, province_code: '01' });
          expect(converted.value).toEqual({ code, name: communeName, provinceCode: '01', legacyDistrict: null });
        },
      ),
      RUNS,
    );
  });
});

describe('cases the properties found', () => {
  it('when "moved to" or the account number holds an object without a prototype, then the row is refused with a reason, not a throw', () => {
    for (const column of ['moved_to', 'account_number']) {
      const converted = convertBeneficiary({ [column]: Object.create(null) }, ctx);
      expect(converted.value).toBeNull();
      expect(converted.errors.map((e) => e.column)).toContain(column);
    }
  });
});
