import fc from 'fast-check';
import { AppError } from '../../services/errors.js';
import type { Parsed } from '../../services/validation/values.js';

/*
 * Generators shared by the property tests (test/properties-*.test.ts): the values a spreadsheet
 * cell, a CSV field or a JSON body can hold, and text made of the characters parsers look for.
 */

/** Objects JSON.parse can build that break a naive `String(x)` or `x.prop` (no prototype, a `toString` that is not a function). */
const hostileObject = fc.constantFrom<unknown>(
  Object.create(null),
  { toString: 1 },
  { valueOf: 'x', toString: null },
  JSON.parse('{"__proto__": {"x": 1}}'),
  { text: { richText: 'x' } },
  [[[[]]]],
);

/** Anything a cell, a field or a JSON value may be: text of any code points, numbers of any kind, dates (invalid too), objects. */
export const anyCell: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(undefined, null, '', ' ', NaN, Infinity, -Infinity, -0),
  hostileObject,
  fc.anything({ withNullPrototype: true, withDate: true, withBoxedValues: true, maxDepth: 2 }),
);

/** Short strings of digits mixed with the given characters, where the parsers' edge cases are. */
export const digitsAnd = (chars: string): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789', ...chars), maxLength: 24 });

/** Whether a value has the shape a parser promises: `{ ok: true, value }` or `{ ok: false, reason }` with a reason to show. */
export function isParsed(result: Parsed<unknown>): boolean {
  if (result.ok) return 'value' in result && result.value !== undefined;
  return typeof result.reason === 'string' && result.reason.length > 0;
}

/** Runs `fn`; passes when it returns or throws the domain's AppError, and rethrows anything else. */
export async function onlyAppErrors<T>(fn: () => Promise<T> | T): Promise<T | AppError> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}
