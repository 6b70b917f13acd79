import fc from 'fast-check';
import { parseDate, parseDateNotFuture, parsePeriod, type Parsed } from '../services/validation/values.js';

/*
 * Properties of the date and period parsers: a real day or month in each of the spellings officers
 * use (and as a Date or an Excel serial number) comes out as the same ISO value, which parses to
 * itself; a day past its month's end, or after today where the future is refused, does not.
 */

const RUNS = { numRuns: 300 };
const accepts = <T>(parsed: Parsed<T>, value: T) => expect(parsed).toEqual({ ok: true, value });
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A real calendar day between 1900 and 2100. */
const calendarDay = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }));
const isoOf = ({ y, m, d }: { y: number; m: number; d: number }) => `${y}-${pad2(m)}-${pad2(d)}`;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

describe('dates', () => {
  it('when a real day is written ISO, dd/mm/yyyy, d/m/yyyy, with dashes, dots or spaces, or as a Date, then the same ISO date comes back, which parses to itself', () => {
    fc.assert(
      fc.property(calendarDay, fc.constantFrom('/', '-', '.', ' / '), (day, sep) => {
        const iso = isoOf(day);
        accepts(parseDate(iso), iso);
        accepts(parseDate(`${iso}T00:00:00Z`), iso);
        accepts(parseDate([pad2(day.d), pad2(day.m), day.y].join(sep)), iso);
        accepts(parseDate([day.d, day.m, day.y].join(sep)), iso);
        accepts(parseDate(new Date(Date.UTC(day.y, day.m - 1, day.d))), iso);
      }),
      RUNS,
    );
  });

  it('when a day is given as the Excel serial number of that day, then that day comes back', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        const utc = Date.UTC(day.y, day.m - 1, day.d);
        // Excel counts a 29/02/1900 that never was: serials before 01/03/1900 are one lower.
        const serial = Math.round((utc - EXCEL_EPOCH) / 86_400_000) - (utc < Date.UTC(1900, 2, 1) ? 1 : 0);
        fc.pre(serial >= 1 && serial < 80_000);
        accepts(parseDate(serial), isoOf(day));
        accepts(parseDate(serial + 0.75), isoOf(day));
      }),
      RUNS,
    );
  });

  it('when a day is after today, then parseDateNotFuture refuses it, and accepts it otherwise', () => {
    fc.assert(
      fc.property(calendarDay, calendarDay, (day, today) => {
        const iso = isoOf(day);
        expect(parseDateNotFuture(iso, isoOf(today)).ok).toBe(iso <= isoOf(today));
      }),
      RUNS,
    );
  });

  it('when a day number is past the end of its month, then the date is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(parseDate(`${last + 1}/${m}/${y}`).ok).toBe(false);
        accepts(parseDate(`${last}/${m}/${y}`), `${y}-${pad2(m)}-${pad2(last)}`);
      }),
      RUNS,
    );
  });
});

describe('payment periods', () => {
  it('when a month is written YYYY-MM, M/YYYY, T11/2026, "tháng 11 năm 2026" or as a day of it, then YYYY-MM comes back, which parses to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const period = `${y}-${pad2(m)}`;
        for (const written of [
          period,
          `${y}/${m}`,
          `${m}/${y}`,
          `${pad2(m)}/${y}`,
          `T${m}/${y}`,
          `tháng ${m}/${y}`,
          `Tháng ${m} năm ${y}`,
          `kỳ tháng ${m}-${y}`,
          `15/${pad2(m)}/${y}`,
        ])
          accepts(parsePeriod(written), period);
        accepts(parsePeriod(new Date(Date.UTC(y, m - 1, 28))), period);
      }),
      RUNS,
    );
  });
});
