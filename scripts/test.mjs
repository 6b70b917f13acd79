/**
 * `npm test`: jest in two passes. First every test file, two at a time; then the `*.alone.test.ts`
 * files on their own, because they time sends (against the provider's rate limit, across worker
 * processes, through a crash) and the other files, a headless Chromium among them, would starve
 * those processes on a 2-core machine. With arguments (`npm test -- test/x.test.ts`), jest runs once
 * with them.
 */
import { spawnSync } from 'node:child_process';

const ALONE = '\\.alone\\.test\\.ts$';
const jest = (args) =>
  spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...args],
    { stdio: 'inherit' },
  ).status ?? 1;

const args = process.argv.slice(2);
if (args.length) process.exit(jest(args));
const together = jest(['--testPathIgnorePatterns', ALONE]);
const alone = jest(['--runInBand', ALONE]);
process.exit(together || alone);
