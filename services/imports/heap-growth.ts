import v8 from 'node:v8';

/**
 * While an import runs, V8 lets the heap grow to at most three times what was live after the last
 * full collection (`--heap-growing-percent=200`). An import allocates a lot per row, almost all of
 * it short-lived; left to itself V8 then grows the heap up to four times the live size before
 * collecting, which took a 100,000-row payments import after a beneficiaries import past the
 * 500 MB target. The bound costs some CPU in garbage collection (figures in bench/README.md).
 * Bounding only the payments import is not enough: the limit V8 set during the import before it
 * holds until the next full collection.
 *
 * The flag is process-wide, so it is set while any import runs and cleared after the last.
 * Changing it at run time is safe: Node leaves V8's flags writable after start
 * (`--no-freeze-flags-after-init`), and V8 reads this one each time it sets the heap's next limit.
 */
const GROWING_PERCENT = 200;
let running = 0;

export async function withBoundedHeapGrowth<T>(work: () => Promise<T>): Promise<T> {
  if (running++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    // 0 is V8's default: a growing factor chosen from how fast the program allocates.
    if (--running === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  }
}
