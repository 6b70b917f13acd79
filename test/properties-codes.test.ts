import fc from 'fast-check';
import {
  BENEFICIARY_STATUS_LABELS_VI,
  CATEGORY_LABELS_VI,
  GENDER_LABELS_VI,
  IDENTITY_FIELDS,
  IDENTITY_FIELD_LABELS_VI,
  PAYMENT_METHOD_LABELS_VI,
  PAYMENT_STATUS_LABELS_VI,
  VERIFICATION_RESULT_LABELS_VI,
  parseBeneficiaryStatus,
  parseCategory,
  parseGender,
  parseMismatchFields,
  parsePaymentMethod,
  parsePaymentStatus,
  parseVerificationResult,
} from '../services/validation/codes.js';
import { foldVietnamese, type Parsed } from '../services/validation/values.js';

/*
 * Properties of the register's code parsers (services/validation/codes.ts): every code and label,
 * in any case, with or without diacritics, comes back as its code; lists of mismatched fields
 * come back in order, each once. That they never throw is in test/properties-validation.test.ts.
 */

const RUNS = { numRuns: 300 };
const accepts = <T>(parsed: Parsed<T>, value: T) => expect(parsed).toEqual({ ok: true, value });

describe('codes of the register', () => {
  const enums: [string, (raw: unknown) => Parsed<string>, Record<string, string>][] = [
    ['gender', parseGender, GENDER_LABELS_VI],
    ['category', parseCategory, CATEGORY_LABELS_VI],
    ['payment method', parsePaymentMethod, PAYMENT_METHOD_LABELS_VI],
    ['beneficiary status', parseBeneficiaryStatus, BENEFICIARY_STATUS_LABELS_VI],
    ['payment status', parsePaymentStatus, PAYMENT_STATUS_LABELS_VI],
    ['verification result', parseVerificationResult, VERIFICATION_RESULT_LABELS_VI],
  ];
  const spellings = (s: string) =>
    fc.constantFrom(s, s.toUpperCase(), s.toLowerCase(), foldVietnamese(s), `  ${s} `, s.normalize('NFD'));

  it.each(enums)(
    'when a %s is written as its code or its Vietnamese label, in any case, with or without diacritics, then the code comes back',
    (_what, parse, labels) => {
      const codes = Object.keys(labels);
      fc.assert(
        fc.property(
          fc
            .constantFrom(...codes)
            .chain((code) => fc.tuple(fc.constant(code), spellings(labels[code]!), spellings(code))),
          ([code, label, written]) => {
            accepts(parse(label), code);
            accepts(parse(written), code);
          },
        ),
        { numRuns: 100 },
      );
    },
  );

  it('when mismatched fields are any labels or codes joined by ";" or ",", then the fields come back in order, each once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...IDENTITY_FIELDS), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('; ', ';', ', ', '\n'),
        fc.boolean(),
        (fields, sep, asLabels) => {
          const written = fields.map((f) => (asLabels ? IDENTITY_FIELD_LABELS_VI[f] : f)).join(sep);
          accepts(parseMismatchFields(written), [...new Set(fields)]);
        },
      ),
      RUNS,
    );
  });
});

describe('cases the properties found', () => {
  it('when a cell is an object without a prototype, then the code parsers refuse it instead of throwing', () => {
    expect(parseCategory(Object.create(null))).toEqual({ ok: false, reason: expect.any(String) });
    expect(parseGender({ toString: 1 })).toEqual({ ok: false, reason: expect.any(String) });
  });

  it('when mismatched fields are listed one per line in the cell, then each line is a field', () => {
    accepts(parseMismatchFields('Họ, chữ đệm và tên\nNgày sinh'), ['full_name', 'date_of_birth']);
    accepts(parseMismatchFields('full_name\r\nfull_name'), ['full_name']);
  });
});
