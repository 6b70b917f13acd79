import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chats } from '../models/chat.js';
import { officers } from '../models/officer.js';
import { chatIdFor } from '../services/linking/chats.js';
import { aBeneficiary, register } from './support/register.js';
import { seedLinkedBeneficiary, startMiniappServer, telegramInitData, type MiniappServer } from './support/miniapp.js';
import { anOfficer, officerWebLink } from './support/officer-sessions.js';

const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// A status answer (401, 403, 422…) is logged by Chromium as a failed resource; that is the API speaking.
const EXPECTED_STATUS_LOG = /^Failed to load resource: the server responded with a status of 4\d\d/;

const haveChromium = fs.existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`officer-browser tests skipped: ${CHROMIUM} is missing.`);

suite('officer section in headless Chromium (360 px)', () => {
  let srv: MiniappServer;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  let person: { fullName: string; accountNumber: string; nationalId: string };

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer();
    const b = aBeneficiary();
    // Another name, so the card found by name is this one whatever the order of two details saved at once.
    await register(srv.rt.sealer, [b, aBeneficiary({ gender: null, fullName: 'Trần Văn Bình' })]);
    person = { fullName: b.fullName, accountNumber: b.account!.number, nationalId: b.nationalId };
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

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
    await context.route('https://telegram.org/**', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: '' }),
    );
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_STATUS_LOG.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    return page;
  }

  /** Opens the officer's web link and presses its button: the officer section opens on the dashboard. */
  async function signIn(page: Page, officerId: string): Promise<void> {
    await page.goto(await officerWebLink(srv.rt, officerId));
    await page.getByRole('button', { name: /Mở/ }).click();
    await page.waitForURL(/\/app$/);
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
  }

  const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const smallestTarget = (page: Page) =>
    page.evaluate(() =>
      Math.min(
        ...[
          ...document.querySelectorAll(
            'main button, main select, main input:not([type=checkbox]):not([type=radio]), .choice',
          ),
        ]
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => e.getBoundingClientRect().height),
      ),
    );

  test('when an officer opens the queue, then the commune\'s submitted record shows masked, fits 360 px, and "show full number" reveals it', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const page = await newPage();
    await signIn(page, officerId);
    expect(await page.locator('[data-figure="queue"]').innerText()).toMatch(/^\d+$/);

    await page.getByRole('button', { name: 'Chờ xác thực' }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) }).first();
    await card.waitFor();
    const masked = await card.locator('[data-number]').innerText();
    expect(masked).toContain(person.accountNumber.slice(-4));
    expect(masked).not.toContain(person.accountNumber);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    expect(await smallestTarget(page)).toBeGreaterThanOrEqual(48);

    await card.getByRole('button', { name: 'Xem số đầy đủ' }).click();
    await card.locator('[data-number="full"]').waitFor();
    expect(await card.locator('[data-number]').innerText()).toMatch(new RegExp(`${person.accountNumber.slice(-4)}$`));
  }, 90_000);

  test('when the officer selects a record and exports it as XLSX, then the file arrives as a download', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const page = await newPage();
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Chờ xác thực' }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) }).first();
    await card.getByLabel('Chọn hồ sơ này').check();
    await page.getByRole('radio', { name: /XLSX/ }).check();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Tải 1 hồ sơ đã chọn/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = fs.readFileSync((await download.path())!);
    expect(file.subarray(0, 2).toString()).toBe('PK');
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').innerText()).toContain('Đã tải tệp');
  }, 90_000);

  test('when the officer exports everything submitted as CSV, then a CSV download arrives with the record in it', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const page = await newPage();
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Chờ xác thực' }).click();
    await page.getByRole('button', { name: 'Tải tất cả hồ sơ chờ xác thực' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tất cả hồ sơ chờ xác thực' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(fs.readFileSync((await download.path())!, 'utf8')).toContain(person.fullName);
  }, 90_000);

  test('when the page runs inside Telegram 8.0+, then the export goes through Telegram.WebApp.downloadFile with a URL that gives the file once', async () => {
    const b = aBeneficiary({ fullName: 'Phạm Thị Cúc' });
    await register(srv.rt.sealer, [b]);
    const { officerId } = await anOfficer(srv.rt);
    const page = await newPage();
    // Telegram's script is stubbed out (empty): this stands in for a Telegram 8.0 client's WebApp object.
    await page.addInitScript(() => {
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
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Chờ xác thực' }).click();
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: b.fullName }) }).first();
    await card.getByLabel('Chọn hồ sơ này').check();
    await page.getByRole('button', { name: /Tải 1 hồ sơ đã chọn/ }).click();
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').innerText()).toContain('Đã tải tệp');

    const calls = (await page.evaluate(() => (window as unknown as { tasDownloads: unknown[] }).tasDownloads)) as {
      url: string;
      file_name: string;
    }[];
    expect(calls).toEqual([
      { url: expect.stringMatching(/\/app\/dl\/[\w-]{43}$/), file_name: expect.stringMatching(/\.csv$/) },
    ]);
    const file = await fetch(calls[0]!.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain(b.fullName);
    expect((await fetch(calls[0]!.url)).status).toBe(410);
  }, 90_000);

  test('when the officer uploads a results file with an unknown ID, then the report shows the rejected row and why', async () => {
    const { officerId } = await anOfficer(srv.rt);
    const page = await newPage();
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Nhập kết quả' }).click();
    await page.getByLabel('Tệp kết quả').setInputFiles({
      name: 'ket-qua.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Số định danh cá nhân,Kết quả,Lý do\r\n001195099999,verified,\r\n', 'utf8'),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const report = page.locator('#report');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain('Đã đọc 1 dòng');
    expect(text).toContain('1 bị từ chối');
    expect(text).toContain('Dòng 2');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  }, 90_000);

  test('when a Telegram chat is both an officer and a relative, then it opens on the officer section and can switch to its records', async () => {
    const tgUser = 880_001;
    const relative = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
    const { officerId } = await anOfficer(srv.rt);
    const chatId = chatIdFor({ channel: 'telegram', chatId: String(tgUser) });
    await chats.setOfficer(chatId, officerId);
    await officers.addChat(officerId, { channel: 'telegram', chatId: String(tgUser) });
    const page = await newPage();
    await page.goto(
      `${srv.url}/app#tgWebAppData=${encodeURIComponent(telegramInitData({ id: tgUser }))}&tgWebAppVersion=8.0`,
    );
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();

    await page.getByRole('button', { name: 'Hồ sơ của tôi' }).click();
    await page.getByRole('heading', { name: relative.fullName }).first().waitFor();
    await page.getByRole('button', { name: 'Công việc cán bộ' }).click();
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
  }, 90_000);

  test('when a province administrator opens missing data, then the counts and the list show, a death can be reported with its date, and the XLSX downloads', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await newPage();
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Thiếu dữ liệu' }).click();
    const row = page.locator('section.card[data-ref]', { hasText: 'Giới tính' }).first();
    await row.waitFor();
    expect(await page.locator('main').innerText()).toMatch(/\d+ \/ \d+ hồ sơ thiếu dữ liệu/);
    expect(await sideways(page)).toBeLessThanOrEqual(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Tải báo cáo thiếu dữ liệu/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^thieu-du-lieu-.*\.xlsx$/);

    await row.getByRole('button', { name: 'Báo qua đời / chuyển đi' }).click();
    await page.getByRole('radio', { name: 'Người hưởng đã qua đời' }).check();
    await page.getByLabel('Ngày mất').fill('2026-01-02');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.locator('#notice').waitFor();
    expect(await page.locator('#notice').innerText()).toContain('Đã ghi nhận');
  }, 90_000);

  test('when a province administrator invites a commune officer, then the one-time code shows', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await newPage();
    await signIn(page, officerId);
    await page.getByRole('button', { name: 'Cán bộ', exact: true }).click();
    await page.getByLabel('Phường Ba Đình (00004)').check();
    await page.getByLabel('Họ và tên cán bộ').fill('Lê Thị Hoa');
    await page.getByLabel('Số điện thoại').fill('0987650001');
    await page.getByRole('button', { name: 'Tạo mã mời' }).click();
    await page.locator('#invite-code').waitFor();
    expect(await page.locator('.invite-code').innerText()).toMatch(/^[A-Z0-9]{8}$/);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  }, 90_000);
});
