import type { Browser, BrowserContext, Page } from 'playwright-core';
import { officerTaskIdFor, officerTasks } from '../models/officer-task.js';
import { periodOf } from '../services/format.js';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS, officerPage } from './support/officer-browser.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer } from './support/officer-sessions.js';

const suite = chromiumSuite('officer-tasks-browser');

suite("the officer section's monthly tasks tab in headless Chromium (360 px)", () => {
  let srv: MiniappServer;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  async function signedIn(officerId: string): Promise<Page> {
    problems = [];
    let page: Page;
    ({ context, page } = await officerPage(browser, srv.rt, officerId, problems));
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await page.getByRole('button', { name: 'Công việc tháng' }).click();
    return page;
  }

  test("when a commune officer presses Done on this month's task, then it shows as done and is stored done", async () => {
    const { officerId } = await anOfficer(srv.rt, { name: 'Lê Văn Tâm' });
    const page = await signedIn(officerId);
    const id = officerTaskIdFor('00004', 'payment_list', periodOf(new Date()));
    const card = page.locator(`section[data-task="${id}"]`);
    await card.getByRole('button', { name: 'Đã xong' }).click();
    await card.locator('[data-state="done"]').waitFor();
    expect(await card.innerText()).toContain('Lê Văn Tâm');
    expect((await officerTasks.byId(id))!.status).toBe('done');
    expect(await page.locator('#cal-holidays').count()).toBe(0); // the calendar is the province's to edit
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('when the province admin adds a day off, then the calendar saves and the days off list keeps it', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    const box = page.locator('#cal-holidays');
    await box.waitFor();
    expect(await box.inputValue()).toContain('17/02/2026');
    await box.fill(`${await box.inputValue()}\n15/12/2027`);
    await page.getByRole('button', { name: 'Lưu lịch' }).click();
    await page.getByText('Đã lưu lịch.').waitFor();
    expect(await page.locator('#cal-holidays').inputValue()).toContain('15/12/2027');
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);
});
