/** Prints one plain closing line ("jest: N passed, N failed, N skipped") that any CI can read. */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const {
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: skipped,
      numFailedTestSuites: brokenSuites,
    } = results;
    process.stdout.write(`\njest: ${passed} passed, ${failed + brokenSuites} failed, ${skipped} skipped\n`);
  }
}
