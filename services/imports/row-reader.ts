import { isBlank, type Parsed } from '../validation/values.js';

/** A problem with one cell of one row, told to the officer in Vietnamese. */
export type CellError = { column: string; reason: string };

/** Collects parsed cells of one row and the errors met on the way. */
export class RowReader {
  readonly errors: CellError[] = [];
  constructor(private readonly values: Record<string, unknown>) {}

  /** A required cell; records an error and returns undefined when it is blank or invalid. */
  need<T>(column: string, parse: (raw: unknown) => Parsed<T>): T | undefined {
    const r = parse(this.values[column]);
    if (r.ok) return r.value;
    this.errors.push({ column, reason: r.reason });
    return undefined;
  }

  /** An optional cell: blank gives null, a present but invalid value is still an error. */
  may<T>(column: string, parse: (raw: unknown) => Parsed<T>): T | null {
    if (isBlank(this.values[column])) return null;
    return this.need(column, parse) ?? null;
  }

  /** Records a row-level rule that failed. */
  fail(column: string, reason: string): void {
    this.errors.push({ column, reason });
  }
}
