import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Runtime } from '../../services/runtime.js';
import { officerWebLink } from './officer-sessions.js';

/** Debian's Chromium, which the officer section's browser tests drive through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'];
// A status answer (400, 410…) is logged by Chromium as a failed resource; that is the API speaking.
const EXPECTED_STATUS_LOG = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** `describe`, or `describe.skip` saying so when Chromium is missing (`file` names the test file). */
export function chromiumSuite(file: string): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  console.warn(`${file} tests skipped: ${CHROMIUM} is missing.`);
  return describe.skip;
}

/**
 * A 360-px page in a new context with the officer signed in through a single-use web link, on the
 * officer section's first screen. Console errors (other than API status answers) and page errors go
 * into `problems`; `init` runs in the page before its scripts (a Telegram stand-in, a language).
 */
export async function officerPage(
  browser: Browser,
  rt: Runtime,
  officerId: string,
  problems: string[],
  opts: { acceptDownloads?: boolean; init?: () => void } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  await context.route('https://telegram.org/**', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: '' }),
  );
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED_STATUS_LOG.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (opts.init) await page.addInitScript(opts.init);
  await page.goto(await officerWebLink(rt, officerId));
  await page.getByRole('button', { name: /Mở/ }).click();
  await page.waitForURL(/\/app$/);
  await page.locator('nav.tabs').waitFor();
  return { context, page };
}
