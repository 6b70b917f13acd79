import fc from 'fast-check';
import {
  parseBeneficiaryStatus,
  parseCategory,
  parseGender,
  parseMismatchFields,
  parsePaymentMethod,
  parsePaymentStatus,
  parseVerificationResult,
} from '../services/validation/codes.js';
import {
  foldVietnamese,
  parseAmount,
  parseCode,
  parseDate,
  parseDateNotFuture,
  parseNationalId,
  parsePeriod,
  parsePhone,
  parseRegisterId,
  parseText,
  type Parsed,
} from '../services/validation/values.js';
import { anyCell, digitsAnd, isParsed } from './support/properties.js';

/*
 * Properties of the cell parsers: whatever a spreadsheet or a person hands them, they answer
 * `{ ok, value }` or `{ ok: false, reason }` and never throw; every valid value, in each of the
 * spellings officers use, comes out the same; a parser's own output parses to itself.
 */

const RUNS = { numRuns: 300 };
const accepts = <T>(parsed: Parsed<T>, value: T) => expect(parsed).toEqual({ ok: true, value });

const parsers: [string, (raw: unknown) => Parsed<unknown>][] = [
  ['parseNationalId', parseNationalId],
  ['parseRegisterId', parseRegisterId],
  ['parsePhone', parsePhone],
  ['parseDate', parseDate],
  ['parseDateNotFuture', (x) => parseDateNotFuture(x, '2026-11-20')],
  ['parseAmount', parseAmount],
  ['parsePeriod', parsePeriod],
  ['parseText', (x) => parseText(x, { max: 40 })],
  ['parseCode(2)', (x) => parseCode(x, 2)],
  ['parseCode(5)', (x) => parseCode(x, 5)],
  ['parseGender', parseGender],
  ['parseCategory', parseCategory],
  ['parsePaymentMethod', parsePaymentMethod],
  ['parseBeneficiaryStatus', parseBeneficiaryStatus],
  ['parsePaymentStatus', parsePaymentStatus],
  ['parseVerificationResult', parseVerificationResult],
  ['parseMismatchFields', parseMismatchFields],
];

describe('every cell parser, given anything', () => {
  it.each(parsers)('when %s is given any value, then it returns a parse result and never throws', (_name, parse) => {
    fc.assert(
      fc.property(fc.oneof(anyCell, digitsAnd('/.-,:eE+ đ₫')), (raw) => {
        expect(isParsed(parse(raw))).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Nine digits a Vietnamese mobile number has after its 0 (first one 3, 5, 7, 8 or 9). */
const mobileTail = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/))
  .map(([first, rest]) => first + rest);
/** Splits digits into groups with one separator, as people write them. */
const grouped = (digits: string, sep: string, size: number): string =>
  digits.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);

describe('ID numbers', () => {
  it('when a 12-digit ID is written plain, grouped by spaces, dots or dashes, then the 12 digits come back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.constantFrom('', ' ', '.', '-'),
        fc.integer({ min: 2, max: 4 }),
        (id, sep, size) => {
          accepts(parseNationalId(grouped(id, sep, size)), id);
          accepts(parseNationalId(` ${id} `), id);
          accepts(parseRegisterId(id), id);
        },
      ),
      RUNS,
    );
  });

  it('when a numeric cell lost up to two leading zeros of an ID, then the 12 digits come back; an accepted ID parses to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000, max: 999_999_999_999 }), (n) => {
        const parsed = parseNationalId(n);
        const id = String(n).padStart(12, '0');
        accepts(parsed, id);
        accepts(parseNationalId(id), id);
      }),
      RUNS,
    );
  });

  it('when a string of digits is not 12 long, then the ID is refused (a 9-digit old card is kept by parseRegisterId only)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{1,20}$/).filter((s) => s.length !== 12),
        (digits) => {
          expect(parseNationalId(digits).ok).toBe(false);
          expect(parseRegisterId(digits).ok).toBe(digits.length === 9);
        },
      ),
      RUNS,
    );
  });
});

describe('phones', () => {
  it('when a mobile number is written as 0…, +84…, 84… or without its 0, grouped or not, then it is stored in E.164, which parses to itself', () => {
    fc.assert(
      fc.property(
        mobileTail,
        fc.constantFrom('0', '+84', '84', '', '(+84) '),
        fc.constantFrom('', ' ', '.', '-'),
        (tail, prefix, sep) => {
          const e164 = `+84${tail}`;
          accepts(parsePhone(prefix + grouped(tail, sep, 3)), e164);
          accepts(parsePhone(e164), e164);
          // A numeric cell loses the 0.
          accepts(parsePhone(Number(`0${tail}`)), e164);
        },
      ),
      RUNS,
    );
  });

  it('when a number starts with a prefix that is not a mobile one, then it is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1', '2', '4', '6'), fc.stringMatching(/^\d{8}$/), (first, rest) => {
        expect(parsePhone(`0${first}${rest}`).ok).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('money', () => {
  const amount = fc.integer({ min: 1, max: 1_000_000_000 });
  it('when a whole amount is written plain, with dots or commas for thousands, a currency word or sign, or ",00", then the same đồng come back', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom('', ' đ', 'đ', ' ₫', ' VND', ' vnđ', ' đồng', ' dong'), (n, unit) => {
        const dots = n.toLocaleString('de-DE');
        const commas = n.toLocaleString('en-US');
        for (const written of [String(n), dots, commas, `${dots},00`, `${commas}.00`])
          accepts(parseAmount(written + unit), n);
        accepts(parseAmount(n), n);
        accepts(parseAmount(String(n)), n);
      }),
      RUNS,
    );
  });

  it('when an amount is zero, negative, above 1 billion or has a fraction, then it is refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1_000_000_000, max: 0 }),
          fc.integer({ min: 1_000_000_001, max: Number.MAX_SAFE_INTEGER }),
          fc.double({ min: 0.001, max: 1e9, noNaN: true }).filter((x) => !Number.isInteger(x)),
        ),
        (n) => {
          expect(parseAmount(n).ok).toBe(false);
          // "1.234" is 1 234 đồng written the Vietnamese way; any other fraction is refused.
          if (!/^[1-9]\d{0,2}\.\d{3}$/.test(String(n))) expect(parseAmount(String(n)).ok).toBe(false);
        },
      ),
      RUNS,
    );
  });
});

/** Names as pasted from Word or the web: letters, loose accents, zero-width characters and odd spaces. */
const pastedName = fc.string({
  unit: fc.constantFrom(
    'a',
    'e',
    'o',
    'ư',
    'đ',
    'N',
    ' ',
    '\u0301',
    '\u0323',
    '\u0300',
    '\u200b',
    '\u200d',
    '\ufeff',
    '\u00a0',
    '\t',
  ),
  maxLength: 30,
});

describe('text and codes', () => {
  it('when any text is accepted, then it is trimmed, single-spaced, NFC, within the limit, and parses to itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), pastedName),
        fc.integer({ min: 1, max: 80 }),
        (raw, max) => {
          const parsed = parseText(raw, { max });
          if (!parsed.ok) return;
          const text = parsed.value;
          expect(text).toBe(text.trim());
          expect(text).not.toMatch(/\s{2}/);
          expect(text).toBe(text.normalize('NFC'));
          expect([...text].length).toBeLessThanOrEqual(max);
          accepts(parseText(text, { max }), text);
        },
      ),
      RUNS,
    );
  });

  it('when a code is accepted, then it has the exact number of digits, is not all zeros, and parses to itself', () => {
    fc.assert(
      fc.property(fc.oneof(digitsAnd(' '), fc.nat({ max: 200_000 })), fc.constantFrom(2, 5), (raw, digits) => {
        const parsed = parseCode(raw, digits);
        if (!parsed.ok) return;
        expect(parsed.value).toMatch(new RegExp(`^\\d{${digits}}$`));
        expect(parsed.value).not.toMatch(/^0+$/);
        accepts(parseCode(parsed.value, digits), parsed.value);
      }),
      RUNS,
    );
  });

  it('when text is folded, then folding it again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), pastedName), (raw) => {
        const folded = foldVietnamese(raw);
        expect(foldVietnamese(folded)).toBe(folded);
      }),
      RUNS,
    );
  });
});

describe('cases the properties found', () => {
  it('when a zero-width space sits between a letter and its accent, then the text is still stored in NFC', () => {
    accepts(parseText('Nguye\u200b\u0302\u0303n', { max: 20 }), 'Nguyễn');
  });

  it('when an amount starts with a zero group ("0.001", "0.500"), then it is refused rather than read as 1 or 500 đồng', () => {
    for (const raw of ['0.001', '0.500', '0,500', '0.500.000', '0.500,00']) expect(parseAmount(raw).ok).toBe(false);
    accepts(parseAmount('500.000'), 500_000);
  });
});
