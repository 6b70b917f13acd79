import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS, officerPage } from './support/officer-browser.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer } from './support/officer-sessions.js';

const suite = chromiumSuite('api-keys-browser');

suite('API keys in the officer section, in headless Chromium (360 px)', () => {
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

  const push = (key: string) =>
    fetch(`${srv.url}/api/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [] }),
    });

  test('when a province administrator makes a key, then it shows once, works, and stops working once revoked by two taps', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const problems: string[] = [];
    const { context, page } = await officerPage(browser, srv.rt, officerId, problems);
    await page.getByRole('button', { name: 'Cán bộ', exact: true }).click();
    await page.getByRole('heading', { name: 'Khóa API cho hệ thống khác' }).waitFor();
    await page.getByText('Chưa có khóa nào.').waitFor();

    // Without a name or an operation the server says what is missing, in Vietnamese.
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    expect(await page.locator('#apikey-error').innerText()).toContain('Tên khóa');

    await page.getByLabel('Khóa dùng cho hệ thống nào').fill('Hệ thống chi trả của Bộ');
    await page.getByLabel('Gửi trạng thái chi trả').check();
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    await page.locator('#apikey-secret').waitFor();
    const secret = await page.locator('#apikey-secret').inputValue();
    expect(secret).toMatch(/^tas_[0-9a-f]{24}_[0-9a-f]{64}$/);
    const item = page.locator('#apikey-list li');
    await item.first().waitFor();
    expect(await item.innerText()).toContain('Hệ thống chi trả của Bộ – Đang dùng');
    // The list carries the key's start, never its secret.
    expect(await page.locator('#apikey-list').innerText()).not.toContain(secret.slice(29));
    expect((await push(secret)).status).not.toBe(401);

    await item.getByRole('button', { name: 'Thu hồi' }).click();
    await item.getByRole('button', { name: 'Bấm lần nữa để thu hồi' }).click();
    await page.getByText('Đã thu hồi khóa.').waitFor();
    await page.getByText('Hệ thống chi trả của Bộ – Đã thu hồi').waitFor();
    expect((await push(secret)).status).toBe(401);

    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
