import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { miniappContext } from '../miniapp/wiring.js';
import { issueWebLink as issueWebLinkFor } from '../services/miniapp/web-links.js';
import { formatDate, formatPeriod, periodOf } from '../services/format.js';
import { startFakeZaloGraph, type FakeZaloGraph } from './fakes/zalo-graph.js';
import {
  issueWebLink,
  seedLinkedBeneficiary,
  startMiniappServer,
  telegramInitData,
  type MiniappServer,
} from './support/miniapp.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const THEME = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#999999',
  link_color: '#2481cc',
  button_color: '#2481cc',
  button_text_color: '#ffffff',
};

// Stands in for telegram.org's script (no internet here): records what the page asks of Telegram.
const FAKE_TELEGRAM_SCRIPT = `window.__tg = { ready: 0, expand: 0, close: 0, backVisible: false, back: null };
window.Telegram = { WebApp: {
  initData: '', themeParams: {}, isVersionAtLeast: function () { return true; }, onEvent: function () {},
  ready: function () { window.__tg.ready++; }, expand: function () { window.__tg.expand++; }, close: function () { window.__tg.close++; },
  BackButton: { show: function () { window.__tg.backVisible = true; }, hide: function () { window.__tg.backVisible = false; },
    onClick: function (f) { window.__tg.back = f; }, offClick: function () { window.__tg.back = null; } }
} };`;

type TgProbe = { ready: number; expand: number; close: number; backVisible: boolean };
// A status answer (401, 410, 422…) is logged by Chromium as a failed resource; that is the API speaking, not a page fault.
const EXPECTED_STATUS_LOG = /^Failed to load resource: the server responded with a status of 4\d\d/;

const haveChromium = fs.existsSync(CHROMIUM);
const suite = haveChromium ? describe : describe.skip;
if (!haveChromium)
  console.warn(
    `miniapp-browser tests skipped: ${CHROMIUM} is missing (install Debian's chromium package, as .ci/run does).`,
  );

suite(
  haveChromium ? 'mini-app in headless Chromium' : `mini-app in headless Chromium — SKIPPED: ${CHROMIUM} not found`,
  () => {
    let srv: MiniappServer;
    let zalo: FakeZaloGraph;
    let browser: Browser;
    let context: BrowserContext;
    let problems: string[];
    let nextTelegramUser = 810_000;

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      zalo = await startFakeZaloGraph();
      srv = await startMiniappServer({ ZALO_GRAPH_API_ROOT: zalo.root });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await srv?.stop();
      await zalo?.stop();
    });

    beforeEach(() => {
      problems = [];
    });

    afterEach(async () => {
      await context?.close();
      // Scripts blocked by the CSP, inline code, or a crash in app.js all end up here.
      expect(problems).toEqual([]);
    });

    async function newPage(opts: { width?: number; height?: number; telegramScript?: boolean } = {}): Promise<Page> {
      context = await browser.newContext({ viewport: { width: opts.width ?? 360, height: opts.height ?? 740 } });
      await context.route('https://telegram.org/**', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: opts.telegramScript === false ? '' : FAKE_TELEGRAM_SCRIPT,
        }),
      );
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { __csp: string[] }).__csp ??= [];
          (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' && !EXPECTED_STATUS_LOG.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      return page;
    }

    const telegramUrl = (initData: string) =>
      `${srv.url}/app#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0&tgWebAppPlatform=android&tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(THEME))}`;
    const probe = (page: Page) => page.evaluate(() => (window as unknown as { __tg: TgProbe }).__tg);
    const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    /** The account-number input and what the page tells about it. */
    async function numberFieldState(page: Page) {
      return page.getByLabel('Số tài khoản', { exact: true }).evaluate((el) => {
        const notes = (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id))
          .filter((n) => n?.classList.contains('error'));
        return {
          invalid: el.getAttribute('aria-invalid'),
          focused: document.activeElement === el,
          message: notes[0]?.textContent ?? null,
          besideInput: notes[0]?.parentElement === el.parentElement,
        };
      });
    }

    test('when a linked person opens the page from Telegram and changes the account, then a bad number is flagged at its field, a good one is saved and shows masked as submitted after a reload', async () => {
      const tgUser = nextTelegramUser++;
      const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
      const page = await newPage();

      await page.goto(telegramUrl(telegramInitData({ id: tgUser })));
      const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) });
      await card.waitFor();
      expect(await card.innerText()).toContain(`•••• ${person.accountLast4}`);
      expect((await probe(page)).ready).toBe(1);

      await card.getByRole('button', { name: 'Thay đổi tài khoản' }).click();
      expect((await probe(page)).backVisible).toBe(true);
      await page.getByRole('radio', { name: 'Tài khoản ngân hàng' }).check();
      await page.getByLabel('Tìm theo tên hoặc mã').fill('vietcom');
      await page.getByRole('radio', { name: /Vietcombank/ }).check();
      await page.getByLabel('Số tài khoản', { exact: true }).fill('123');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();

      const bad = await numberFieldState(page);
      expect(bad).toEqual({
        invalid: 'true',
        focused: true,
        message: expect.stringContaining('6 đến 19'),
        besideInput: true,
      });

      await page.getByLabel('Số tài khoản', { exact: true }).fill('0123 4567 89012');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.locator('#notice').waitFor();
      expect(await page.locator('#notice').innerText()).toContain('Đã lưu tài khoản mới');
      expect(await card.innerText()).toContain('•••• 9012');
      expect((await probe(page)).backVisible).toBe(false);

      await page.reload();
      await card.waitFor();
      const after = await card.innerText();
      expect(after).toContain('•••• 9012');
      expect(after).toContain('Vietcombank');
      expect(after).toContain('Đã gửi, chờ xác thực');
      expect(after).not.toContain('0123456789012');
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}miniapp-360x740.png`, fullPage: true });
      expect(await cspViolations(page)).toEqual([]);
    }, 90_000);

    test("when the change form is open and Telegram's back button is pressed, then nothing is saved and the list returns", async () => {
      const tgUser = nextTelegramUser++;
      const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
      const page = await newPage();
      await page.goto(telegramUrl(telegramInitData({ id: tgUser })));
      await page.getByRole('button', { name: 'Thay đổi tài khoản' }).click();
      await page.getByLabel('Số tài khoản', { exact: true }).fill('999999999');

      await page.evaluate(() => (window as unknown as { __tg: { back: () => void } }).__tg.back());
      await page.getByRole('heading', { name: person.fullName }).waitFor();

      expect(await page.locator('section.card').innerText()).toContain(`•••• ${person.accountLast4}`);
      expect((await probe(page)).backVisible).toBe(false);
    }, 60_000);

    test('when the person confirms the details, then the card says they are confirmed for the current payment period', async () => {
      const tgUser = nextTelegramUser++;
      const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
      const page = await newPage();
      await page.goto(telegramUrl(telegramInitData({ id: tgUser })));
      const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) });
      expect(await card.innerText()).toContain(`Chưa xác nhận cho kỳ chi trả tháng ${formatPeriod(periodOf())}`);

      await card.getByRole('button', { name: /Xác nhận/ }).click();
      await page.locator('#notice').waitFor();

      expect(await card.innerText()).toContain(
        `Đã xác nhận cho kỳ chi trả tháng ${formatPeriod(periodOf())} (ngày ${formatDate(new Date())})`,
      );
      expect(await card.getByRole('button', { name: /Xác nhận/ }).count()).toBe(0);
    }, 60_000);

    test('when the page is zoomed to 200 % on a 360 px phone, then neither the list nor the form scrolls sideways', async () => {
      const tgUser = nextTelegramUser++;
      const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
      const page = await newPage({ width: 180, height: 370, telegramScript: false }); // also: the hash alone is enough without telegram.org's script
      await page.goto(telegramUrl(telegramInitData({ id: tgUser })));
      await page.getByRole('heading', { name: person.fullName }).waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Thay đổi tài khoản' }).click();
      await page.getByRole('radio', { name: /Vietcombank/ }).waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      const smallest = await page.evaluate(() =>
        Math.min(
          ...[...document.querySelectorAll('button, input[type=text], input[type=search], .choice')].map(
            (e) => e.getBoundingClientRect().height,
          ),
        ),
      );
      expect(smallest).toBeGreaterThanOrEqual(48);
    }, 60_000);

    test('when English is chosen, then the page and the server speak English and the choice survives a reload', async () => {
      const tgUser = nextTelegramUser++;
      const person = await seedLinkedBeneficiary(srv.rt, { telegramUserId: tgUser });
      const page = await newPage();
      const languages: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/app/api/')) languages.push(r.headers()['accept-language'] ?? '');
      });
      await page.goto(telegramUrl(telegramInitData({ id: tgUser })));
      await page.getByRole('heading', { name: person.fullName }).waitFor();

      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.locator('h1').innerText()).toBe('Account for your allowance');
      await page.getByRole('button', { name: 'Change the account' }).click();
      await page.getByLabel('Account number', { exact: true }).fill('12');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      expect(await page.locator('.error').first().innerText()).toMatch(/6 to 19 digits/);

      await page.reload();
      await page.getByRole('heading', { name: person.fullName }).waitFor();
      expect(await page.locator('h1').innerText()).toBe('Account for your allowance');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(languages[0]).toBe('vi');
      expect(languages.at(-1)).toBe('en');
    }, 60_000);

    test('when the page runs inside Zalo, then it signs in with the Zalo access token and calls the API with the bearer session', async () => {
      const person = await seedLinkedBeneficiary(srv.rt, { zaloUserId: '5550000000000000777' });
      zalo.addUser('tok-browser', { id: '5550000000000000777', name: person.fullName });
      const page = await newPage({ telegramScript: false });
      await context.addInitScript(() => {
        (window as unknown as { TAS_ZALO_ACCESS_TOKEN: () => Promise<string> }).TAS_ZALO_ACCESS_TOKEN = () =>
          Promise.resolve('tok-browser');
      });
      const meAuth: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/app/api/me')) meAuth.push(r.headers().authorization ?? '');
      });

      await page.goto(`${srv.url}/app`);
      const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) });
      expect(await card.innerText()).toContain(`•••• ${person.accountLast4}`);
      expect(zalo.calls.map((c) => c.token)).toContain('tok-browser');
      expect(meAuth).toEqual([expect.stringMatching(/^Bearer \S+$/)]);
    }, 60_000);

    test("when an officer's web link is opened and its button pressed, then the record shows; opened again, it says the link cannot be used", async () => {
      const person = await seedLinkedBeneficiary(srv.rt);
      const link = await issueWebLink(srv.rt, person.nationalId);
      const page = await newPage({ telegramScript: false });

      const first = await page.goto(link);
      expect(first?.status()).toBe(200);
      await page.getByRole('button', { name: /Mở thông tin tài khoản/ }).click();
      await page.waitForURL(/\/app$/);
      const card = page.locator('section.card', { has: page.getByRole('heading', { name: person.fullName }) });
      await card.waitFor();
      expect(await card.innerText()).toContain(`•••• ${person.accountLast4}`);

      const again = await page.goto(link);
      expect(again?.status()).toBe(410);
      expect(await page.locator('h1').innerText()).toBe('Đường dẫn này không dùng được nữa');
      expect(await page.getByText('This link can no longer be used').count()).toBe(1);
      expect(await page.getByRole('button').count()).toBe(0);
    }, 60_000);

    test('when a link page left open in a second tab is pressed after the link was used, then it says the link cannot be used', async () => {
      const person = await seedLinkedBeneficiary(srv.rt);
      const link = await issueWebLink(srv.rt, person.nationalId);
      const page = await newPage({ telegramScript: false });
      const stale = await context.newPage();
      await page.goto(link);
      await stale.goto(link);

      await page.getByRole('button', { name: /Mở thông tin tài khoản/ }).click();
      await page.getByRole('heading', { name: person.fullName }).waitFor();
      await stale.getByRole('button', { name: /Mở thông tin tài khoản/ }).click();
      await stale.locator('h1').waitFor();

      expect(await stale.locator('h1').innerText()).toBe('Đường dẫn này không dùng được nữa');
      expect(await stale.getByRole('heading', { name: person.fullName }).count()).toBe(0);
    }, 60_000);

    test('when an expired web link is opened, then the page says it has expired and how to get a new one, with no button', async () => {
      const person = await seedLinkedBeneficiary(srv.rt);
      const issuedLongAgo = {
        ...miniappContext(srv.rt.config, srv.rt.sealer),
        now: () => new Date(Date.now() - 16 * 60_000),
      };
      const { url } = await issueWebLinkFor(
        { kind: 'beneficiary', beneficiaryId: person.beneficiaryId },
        'test',
        issuedLongAgo,
      );
      const page = await newPage({ telegramScript: false });
      expect((await page.goto(url))?.status()).toBe(410);
      const text = await page.locator('main').innerText();
      expect(text).toContain('Đường dẫn đã hết hạn (chỉ dùng được trong 15 phút).');
      expect(text).toContain('/web');
      expect(await page.getByRole('button').count()).toBe(0);
    }, 60_000);

    test("when the page is opened without a session, or with forged Telegram data, then it says to open it from the bot or an officer's link", async () => {
      const page = await newPage({ telegramScript: false });
      await page.goto(`${srv.url}/app`);
      await page.getByRole('heading', { name: 'Chưa mở được trang này' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('cán bộ xã');

      await page.goto(telegramUrl(telegramInitData({ id: nextTelegramUser++ }, { botToken: '999999:WRONG-token' })));
      await page.reload(); // a new hash alone does not reload the document
      await page.getByRole('heading', { name: 'Chưa mở được trang này' }).waitFor();
    }, 60_000);

    test('when a Telegram user has no linked record, then the page explains how to link in the bot and its Close button closes the app', async () => {
      const page = await newPage();
      await page.goto(telegramUrl(telegramInitData({ id: nextTelegramUser++ })));
      await page.getByRole('heading', { name: 'Chưa có hồ sơ nào được liên kết' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('Liên kết hồ sơ của tôi');

      await page.getByRole('button', { name: 'Đóng' }).click();
      expect((await probe(page)).close).toBe(1);
    }, 60_000);
  },
);
