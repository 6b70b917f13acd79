import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { provinceDays } from '../models/province-days.js';
import { todayInVietnam } from '../services/format.js';
import { snapshotMissingData } from '../services/officers/missing-snapshot.js';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS, officerPage } from './support/officer-browser.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes } from './support/officer-sessions.js';
import { aBeneficiary, register } from './support/register.js';

const suite = chromiumSuite('dashboard-charts-browser');

const TITLES = [
  'Thông báo đã gửi tới người hưởng, theo ngày',
  'Xã/phường chậm hạn, theo tháng',
  'Hồ sơ thiếu thông tin bắt buộc, theo ngày',
  'Kết quả xác thực của công an, theo tháng',
];

/** Records Content-Security-Policy violations in the page, where the test can read them. */
function watchCsp(): void {
  const seen: string[] = [];
  (window as unknown as { cspViolations: string[] }).cspViolations = seen;
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
}
const cspViolations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? ['not watched']);

suite('the dashboard charts and the landing page in headless Chromium (360 px)', () => {
  let srv: MiniappServer;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  // The real clock: the browser keeps a session cookie only while it has not expired by its own clock.
  const today = todayInVietnam(new Date());

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer();
    await moreCommunes(srv.rt);
    await register(srv.rt.sealer, [aBeneficiary(), aBeneficiary({ gender: null, communeCode: '00008' })]);
    await snapshotMissingData(new Date());
    const at = (communeCode: string, key: string, count: number) => ({
      provinceCode: '01',
      communeCode,
      day: today,
      key,
      count,
    });
    await provinceDays.add('delivered', [at('00004', 'telegram', 2), at('00008', 'zalo', 1)]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });
  beforeEach(() => {
    problems = [];
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });

  async function signedIn(officerId: string): Promise<Page> {
    let page: Page;
    ({ context, page } = await officerPage(browser, srv.rt, officerId, problems, { init: watchCsp }));
    return page;
  }

  test('when a province administrator opens "Tổng quan", then four charts with Vietnamese titles and legends fit in 360 px, each with its latest figure in words', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.locator('figure.chart canvas').nth(3).waitFor();
    expect(await page.locator('figure.chart canvas').count()).toBe(4);
    expect(await page.locator('figure.chart h3').allTextContents()).toEqual(TITLES);
    const legends = await page.locator('figure.chart .u-legend').allTextContents();
    expect(legends[0]).toContain('Tin nhắn Zalo (ZNS)');
    expect(legends[3]).toContain('Sai lệch thông tin');
    const words = await page.locator('figure.chart .chart-latest').allTextContents();
    const shown = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    expect(words).toEqual([
      `Ngày ${shown}: 3 thông báo (Telegram 2, Zalo 1, Tin nhắn Zalo (ZNS) 0).`,
      'Chưa có số liệu',
      `Ngày ${shown}: 1 trong 2 hồ sơ đang hưởng thiếu thông tin.`,
      'Chưa có số liệu',
    ]);
    // The drawings are hidden from screen readers: the words above say the same.
    expect(await page.locator('.chart-canvas[aria-hidden="true"]').count()).toBe(4);
    const widths = await page
      .locator('figure.chart canvas')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    expect(Math.max(...widths)).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await cspViolations(page)).toEqual([]);
    fs.mkdirSync('test-artifacts', { recursive: true });
    await page.locator('section.charts').screenshot({ path: 'test-artifacts/dashboard-charts-360.png' });

    // The landing page, in the same browser: the province's headline figures and the way to the dashboard.
    await page.goto(`${srv.url}/`);
    const box = page.locator('#officer-headline');
    await box.locator('[data-figure="deliveredToday"]').waitFor();
    expect(await box.isVisible()).toBe(true);
    expect(await box.locator('h2').textContent()).toBe('Tỉnh/thành phố của anh/chị: Hà Nội');
    expect(await box.locator('dd').allTextContents()).toEqual(['3', '2', '0', '1', '0']);
    const link = box.getByRole('link', { name: /Bảng điều khiển cán bộ/ });
    expect(await link.getAttribute('href')).toBe('/app');
    expect(await cspViolations(page)).toEqual([]);
  });

  test('when an anonymous visitor or a commune officer opens the landing page, then no province figure is shown', async () => {
    const { officerId } = await anOfficer(srv.rt, { communeCodes: ['00004'] });
    const page = await signedIn(officerId);
    for (const visitor of [page, await browser.newPage({ viewport: { width: 360, height: 740 } })]) {
      const refused = visitor.waitForResponse((r) => r.url().endsWith('/app/api/officer/dashboard/headline'));
      await visitor.addInitScript(watchCsp);
      await visitor.goto(`${srv.url}/`);
      expect((await refused).status()).toBe(visitor === page ? 403 : 401);
      await visitor.getByRole('heading', { name: /Tin An Sinh/ }).waitFor();
      expect(await visitor.locator('#officer-headline').isHidden()).toBe(true);
      expect(await visitor.locator('#officer-headline').innerHTML()).toBe('');
      expect(await cspViolations(visitor)).toEqual([]);
      if (visitor !== page) await visitor.close();
    }
  });
});
