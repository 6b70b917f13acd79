import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stableId } from '../models/ids.js';
import type { Acting, Scope } from '../services/officers/scope.js';
import { completeTask, ensureTasks, markNotApplicable } from '../services/reminders/tasks.js';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS, officerPage } from './support/officer-browser.js';
import { startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { anOfficer, moreCommunes } from './support/officer-sessions.js';

const suite = chromiumSuite('late-report-browser');

// September 2026: "monthly changes" due Monday 21/09 (the 20th a Sunday), the payment list Friday 25/09.
// 00004 finishes the first on time and the second on Wednesday 30/09, 3 working days late; 00008's
// first is not applicable and its second never done. "Today" is Friday 02/10/2026.
const TODAY = new Date('2026-10-02T10:00:00+07:00');
const taskId = (commune: string, task: string, period: string) => stableId('officer-task', commune, task, period);

suite("the officer section's late-communes tab in headless Chromium (360 px)", () => {
  let srv: MiniappServer;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  let clock = TODAY;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer({}, { now: () => clock });
    await moreCommunes(srv.rt);
    for (const period of ['2026-09', '2026-10']) await ensureTasks('01', period);
    const as = (scope: Partial<Scope>): Acting => ({
      scope: {
        officerId: stableId('test-officer', 'b'),
        name: 'Thử',
        provinceCode: '01',
        communeCodes: [],
        ...scope,
      } as Scope,
      entryPoint: 'miniapp',
      via: 'web',
      now: () => clock,
    });
    const baDinh = as({ role: 'commune_officer', communeCodes: ['00004'] });
    clock = new Date('2026-09-21T15:00:00+07:00');
    await completeTask(baDinh, taskId('00004', 'monthly_changes', '2026-09'), 'telegram');
    clock = new Date('2026-09-30T09:00:00+07:00');
    await completeTask(baDinh, taskId('00004', 'payment_list', '2026-09'), 'miniapp');
    await markNotApplicable(as({ role: 'province_admin' }), taskId('00008', 'monthly_changes', '2026-09'));
    clock = TODAY;
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

  /** Signs the officer in at 360 px; `init` runs in the page before its scripts (a Telegram stand-in, a language). */
  async function signedIn(officerId: string, init?: () => void): Promise<Page> {
    // Signed in at the real time: the browser drops a session cookie whose expiry is already past by its own clock.
    clock = new Date();
    let page: Page;
    ({ context, page } = await officerPage(browser, srv.rt, officerId, problems, { acceptDownloads: true, init }));
    clock = TODAY;
    return page;
  }

  const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const cell = (page: Page, key: string) => page.locator(`td[data-cell="${key}"]`);

  test('when a province administrator opens "Chậm hạn", then each commune and task shows its state for the last four months, within 360 px', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Chậm hạn' }).click();
    await page.getByRole('heading', { name: 'Chậm hạn' }).waitFor();
    await cell(page, '00004 2026-09 payment_list').waitFor();

    expect(await page.locator('#late-from').inputValue()).toBe('2026-07');
    expect(await page.locator('#late-to').inputValue()).toBe('2026-10');
    const states = await page
      .locator('td[data-cell]')
      .evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-cell')}: ${td.textContent}`));
    expect(states).toEqual([
      '00004 2026-09 monthly_changes: Đúng hạn',
      '00004 2026-09 payment_list: Trễ 3 ngày làm việc',
      '00004 2026-10 monthly_changes: Chưa làm',
      '00004 2026-10 payment_list: Chưa làm',
      '00008 2026-09 monthly_changes: Không áp dụng',
      '00008 2026-09 payment_list: Chưa làm, quá hạn 5 ngày làm việc',
      '00008 2026-10 monthly_changes: Chưa làm',
      '00008 2026-10 payment_list: Chưa làm',
    ]);
    expect(await page.locator('tbody[data-commune="00004"] th').first().innerText()).toBe('Phường Ba Đình (00004)');
    const totals = await page
      .locator('[data-total]')
      .evaluateAll((dds) => dds.map((d) => `${d.getAttribute('data-total')} ${d.textContent}`));
    expect(totals).toEqual(['on_time 1', 'late 1', 'not_done 5', 'not_applicable 1']);

    expect(await sideways(page)).toBeLessThanOrEqual(0);
    const box = await page.locator('.table-box').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  }, 90_000);

  test('when the officer presses "Tải Excel" outside Telegram, then the workbook of the shown range arrives as a download', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Chậm hạn' }).click();
    await page.locator('#late-from').fill('2026-09');
    await page.locator('#late-to').fill('2026-09');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('td[data-cell*="2026-10"]'));
    await cell(page, '00008 2026-09 payment_list').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tre-han-01-2026-09-2026-09.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const rows = book.worksheets[0]!.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    expect(rows.slice(1).map((r) => `${r[0]} ${r[2]} ${r[5]} ${r[6]}`)).toEqual([
      '00004 09/2026 Đúng hạn / On time 0',
      '00004 09/2026 Trễ hạn / Late 3',
      '00008 09/2026 Không áp dụng / Not applicable 0',
      '00008 09/2026 Chưa làm / Not done 5',
    ]);
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').innerText()).toContain('Đã tải tệp tre-han-01-2026-09-2026-09.xlsx');
  }, 90_000);

  test('when a commune officer in Telegram 8.0 presses "Tải Excel", then Telegram gets a single-use URL for the commune\'s workbook', async () => {
    const { officerId } = await anOfficer(srv.rt, { communeCodes: ['00004'] });
    const page = await signedIn(officerId, () => {
      const calls: unknown[] = [];
      Object.assign(window, {
        tasDownloads: calls,
        Telegram: {
          WebApp: {
            initData: '',
            version: '8.0',
            isVersionAtLeast: (v: string) => Number(v) <= 8,
            downloadFile: (params: unknown, done: (accepted: boolean) => void) => {
              calls.push(params);
              done(true);
            },
          },
        },
      });
    });
    await page.getByRole('button', { name: 'Chậm hạn' }).click();
    await cell(page, '00004 2026-09 payment_list').waitFor();
    expect(await page.locator('tbody[data-commune]').count()).toBe(1);
    await page.getByRole('button', { name: 'Tải Excel' }).click();
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').innerText()).toContain('Đã tải tệp');

    const calls = (await page.evaluate(() => (window as unknown as { tasDownloads: unknown[] }).tasDownloads)) as {
      url: string;
      file_name: string;
    }[];
    expect(calls).toEqual([
      { url: expect.stringMatching(/\/app\/dl\/[\w-]{43}$/), file_name: 'tre-han-01-2026-07-2026-10.xlsx' },
    ]);
    const file = await fetch(calls[0]!.url);
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const codes = book.worksheets[0]!.getColumn(1).values.slice(2);
    expect(new Set(codes)).toEqual(new Set(['00004']));
    expect((await fetch(calls[0]!.url)).status).toBe(410);
  }, 90_000);

  test('when the officer picks months before the opening answer arrives, then the late answer neither replaces the table nor the months', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    const opening = (url: URL) => url.pathname.endsWith('/late-communes') && !url.search;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(opening, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Chậm hạn' }).click();
    await page.locator('#late-from').fill('2026-09');
    await page.locator('#late-to').fill('2026-09');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await cell(page, '00008 2026-09 payment_list').waitFor();

    const late = page.waitForResponse((res) => opening(new URL(res.url())));
    release();
    await (await late).finished();
    // One turn of the page's event loop, so its handler of that answer has run.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await page.locator('td[data-cell*="2026-10"]').count()).toBe(0);
    expect(await page.locator('#late-from').inputValue()).toBe('2026-09');
    expect(await page.getByText('Từ tháng 09/2026 đến tháng 09/2026').count()).toBe(1);
  }, 90_000);

  test('when the range is reversed, then the tab says so in Vietnamese and offers no file', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Chậm hạn' }).click();
    await cell(page, '00004 2026-09 payment_list').waitFor();
    await page.locator('#late-from').fill('2026-10');
    await page.locator('#late-to').fill('2026-09');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.locator('#late-error').waitFor();
    expect(await page.locator('#late-error').innerText()).toBe(
      'Khoảng thời gian không hợp lệ: "từ tháng" 10/2026 sau "đến tháng" 09/2026. Xin chọn lại.',
    );
    expect(await page.getByRole('button', { name: 'Tải Excel' }).count()).toBe(0);
    expect(await page.locator('#late-from').inputValue()).toBe('2026-10');
  }, 90_000);

  test('when the officer chose English, then the tab and its states read in English', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId, () => localStorage.setItem('tas_lang', 'en'));
    await page.getByRole('button', { name: 'Late communes' }).click();
    await cell(page, '00004 2026-09 payment_list').waitFor();
    expect(await cell(page, '00004 2026-09 payment_list').innerText()).toBe('Late by 3 working days');
    expect(await cell(page, '00008 2026-09 payment_list').innerText()).toBe('Not done, 5 working days overdue');
    expect(await page.getByRole('columnheader', { name: 'Build the payment list' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Download Excel' }).count()).toBe(1);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  }, 90_000);
});
