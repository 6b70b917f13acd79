import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS } from './support/officer-browser.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';

const suite = chromiumSuite('openapi-browser');

suite('the machine API viewer in headless Chromium', () => {
  let srv: MiniappServer;
  let browser: Browser;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test('when /api/v1/docs is opened, then Swagger UI draws every machine operation under the strict policy', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      // Resource failures are read from the responses below; the browser's own favicon request is not the page's.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${srv.url}/api/v1/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.map((p) => p.replace(/\u200b/g, '').trim())).toEqual(
      expect.arrayContaining(['/api/v1/payments', '/api/v1/beneficiaries', '/api/v1/verification-results']),
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
