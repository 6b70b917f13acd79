import type { Browser, BrowserContext, Page } from 'playwright-core';
import { telegramChannel } from '../bot/telegram/channel.js';
import { broadcastPolicy } from '../services/broadcasts/policy.js';
import { runBroadcastPass } from '../services/broadcasts/index.js';
import { createLogger } from '../services/log.js';
import { Dispatcher } from '../services/notifications/dispatcher.js';
import { FakeTelegram } from './fakes/telegram-bot-api.js';
import { CHROMIUM, chromiumSuite, LAUNCH_ARGS, officerPage } from './support/officer-browser.js';
import { seedLinkedBeneficiary, startMiniappServer, type MiniappServer } from './support/miniapp.js';
import { testPolicy } from './support/notify.js';
import { anOfficer, moreCommunes, officerSession } from './support/officer-sessions.js';

const suite = chromiumSuite('broadcasts-browser');

// Two linked people in Ba Đình, one in Ngọc Hà; above two people a second administrator must approve.
suite('province broadcasts in the officer section, headless Chromium (360 px)', () => {
  let srv: MiniappServer;
  let fake: FakeTelegram;
  let dispatcher: Dispatcher;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];
  let passing = true;
  let passes: Promise<void>;
  const passErrors: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    srv = await startMiniappServer({ BROADCAST_APPROVAL_THRESHOLD: '2', NOTIFY_QUIET_HOURS: 'off' });
    await moreCommunes(srv.rt);
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: 8101 });
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: 8102 });
    await seedLinkedBeneficiary(srv.rt, { telegramUserId: 8103, overrides: { communeCode: '00008' } });
    fake = await FakeTelegram.start();
    dispatcher = new Dispatcher(
      [telegramChannel(fake.token, { apiRoot: fake.apiRoot, paidBroadcast: false })],
      testPolicy(),
      createLogger('silent'),
    );
    dispatcher.start();
    // What the Agenda job does in the service: one pass after another, expanding and finishing broadcasts.
    const policy = broadcastPolicy(srv.rt.config);
    passes = (async () => {
      while (passing) {
        await runBroadcastPass(new Date(), policy).catch((e: unknown) => passErrors.push(String(e)));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 90_000);
  afterAll(async () => {
    passing = false;
    await passes;
    await browser?.close();
    await dispatcher?.stop();
    await fake?.stop();
    await srv?.stop();
  });

  async function signedIn(officerId: string): Promise<Page> {
    problems = [];
    let page: Page;
    ({ context, page } = await officerPage(browser, srv.rt, officerId, problems));
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await page.getByRole('button', { name: 'Thông báo', exact: true }).click();
    await page.getByRole('button', { name: 'Soạn thông báo mới' }).waitFor();
    return page;
  }

  const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId);
  const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  test('when a province admin composes for Ba Đình, previews and sends, then the progress shows both sent after the dispatcher delivered', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Soạn thông báo mới' }).click();
    await page.getByLabel('Chọn một số xã/phường').check();
    await page.getByLabel('Phường Ba Đình (00004)').check();
    await page.locator('#bc-vi-title').fill('Đổi điểm chi trả');
    await page.locator('#bc-vi-body').fill('Từ tháng 12, tiền mặt được chi tại nhà văn hóa tổ 5.');
    await page.getByLabel('Mở ứng dụng Tin An Sinh').check();
    expect(await noSideways(page)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Xem trước' }).click();

    await page.locator('[data-preview="people"]').filter({ hasText: '2' }).waitFor();
    expect(await page.locator('[data-preview="telegram"]').innerText()).toBe('2');
    const bubble = await page.locator('[data-rendered="vi"]').innerText();
    expect(bubble).toContain('Đổi điểm chi trả');
    expect(bubble).toContain('nhà văn hóa tổ 5');
    expect(await noSideways(page)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();

    await page.getByText('Đã bắt đầu gửi.').waitFor();
    await page.locator('[data-progress="sent"]').filter({ hasText: /^2$/ }).waitFor({ timeout: 30_000 });
    expect(sentTo(8101).map((m) => m.text)).toEqual([expect.stringContaining('Đổi điểm chi trả')]);
    expect(sentTo(8102)).toHaveLength(1);
    expect(sentTo(8103)).toHaveLength(0);
    await page.locator('[data-state="done"]').waitFor({ timeout: 30_000 });
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('when a broadcast is scheduled for tomorrow, then it can be paused, resumed and cancelled from its page', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Soạn thông báo mới' }).click();
    await page.getByLabel('Chọn một số xã/phường').check();
    await page.getByLabel('Phường Ba Đình (00004)').check();
    await page.locator('#bc-vi-title').fill('Lịch họp tổ');
    await page.locator('#bc-vi-body').fill('Họp tổ lúc 8 giờ sáng mai.');
    await page.getByLabel('Hẹn giờ').check();
    // The input takes Vietnam's wall-clock time: tomorrow, same hour.
    const tomorrow = new Date(Date.now() + 31 * 3600_000).toISOString().slice(0, 16);
    await page.locator('#bc-at').fill(tomorrow);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đã hẹn giờ gửi.').waitFor();
    await page.locator('[data-state="scheduled"]').waitFor();
    await page.getByRole('button', { name: 'Tạm dừng' }).click();
    await page.locator('[data-state="paused"]').waitFor();
    await page.getByRole('button', { name: 'Tiếp tục gửi' }).click();
    await page.locator('[data-state="scheduled"]').waitFor();
    await page.getByRole('button', { name: 'Hủy thông báo' }).click();
    await page.getByText('Đã hủy thông báo.').waitFor();
    await page.locator('[data-state="cancelled"]').waitFor();
    expect(await page.getByRole('button', { name: 'Hủy thông báo' }).count()).toBe(0);
    expect(fake.sent.filter((m) => m.text?.includes('Lịch họp tổ'))).toHaveLength(0);
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('when a draft was stored through the machine interface, then its author sends it on from its page', async () => {
    const { officerId } = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    const session = await officerSession(srv.rt, officerId);
    const res = await fetch(`${srv.url}/api/broadcasts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.sessionToken}`,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        draft: true,
        communeCodes: ['00008'],
        who: 'beneficiaries',
        message: { vi: { title: 'Bản nháp từ hệ thống khác', body: 'Nội dung thử.' } },
      }),
    });
    expect(res.status).toBe(201);
    const page = await signedIn(officerId);
    await page
      .locator('section', { hasText: 'Bản nháp từ hệ thống khác' })
      .getByRole('button', { name: 'Xem' })
      .click();
    await page.locator('[data-state="draft"]').waitFor();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.getByText('Đã bắt đầu gửi.').waitFor();
    await page.locator('[data-progress="sent"]').filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    expect(sentTo(8103).map((m) => m.text)).toContainEqual(expect.stringContaining('Bản nháp từ hệ thống khác'));
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('when a commune officer composes, then only their own commune can be chosen (no whole province)', async () => {
    const { officerId } = await anOfficer(srv.rt, { communeCodes: ['00008'] });
    const page = await signedIn(officerId);
    await page.getByRole('button', { name: 'Soạn thông báo mới' }).click();
    await page.locator('#bc-vi-title').waitFor();
    expect(await page.getByLabel('Phường Ngọc Hà (00008)').isChecked()).toBe(true);
    expect(await page.getByLabel('Phường Ba Đình (00004)').count()).toBe(0);
    expect(await page.getByLabel(/Toàn tỉnh/).count()).toBe(0);
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);

  test('when the whole province needs approval, then the author sees it awaiting; a second admin sees the preview and approves it as urgent', async () => {
    const author = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01', name: 'Phạm Minh Đức' });
    let page = await signedIn(author.officerId);
    await page.getByRole('button', { name: 'Soạn thông báo mới' }).click();
    await page.locator('#bc-vi-title').fill('Cảnh báo lừa đảo');
    await page.locator('#bc-vi-body').fill('Cán bộ không bao giờ hỏi mã OTP của ông/bà.');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('[data-preview="people"]').filter({ hasText: '3' }).waitFor();
    await page.getByText('cần một quản trị viên cấp tỉnh khác duyệt').waitFor();
    await page.getByRole('button', { name: 'Gửi đi để duyệt' }).click();
    await page.getByText('Đã gửi đi để duyệt.').waitFor();
    await page.locator('[data-state="awaiting_approval"]').first().waitFor();
    expect(await page.getByRole('button', { name: 'Duyệt và gửi' }).count()).toBe(0);
    await context.close();

    const approver = await anOfficer(srv.rt, { role: 'province_admin', provinceCode: '01' });
    page = await signedIn(approver.officerId);
    await page.getByRole('heading', { name: 'Chờ anh/chị duyệt' }).waitFor();
    await page
      .locator('section', { hasText: 'Cảnh báo lừa đảo' })
      .getByRole('button', { name: 'Xem', exact: true })
      .first()
      .click();
    await page.locator('[data-preview="people"]').filter({ hasText: '3' }).waitFor();
    expect(await page.locator('[data-rendered="vi"]').innerText()).toContain('mã OTP');
    await page.getByLabel('Khẩn: gửi cả trong giờ yên lặng').check();
    await page.getByRole('button', { name: 'Duyệt và gửi' }).click();
    await page.getByText('Đã duyệt.').waitFor();
    await page.getByText('Khẩn', { exact: true }).waitFor();
    await page.locator('[data-progress="sent"]').filter({ hasText: /^3$/ }).waitFor({ timeout: 30_000 });
    expect(sentTo(8103).filter((m) => m.text?.includes('Cảnh báo lừa đảo'))).toHaveLength(1);
    expect(await noSideways(page)).toBeLessThanOrEqual(360);
    await context.close();
    expect(problems).toEqual([]);
    expect(passErrors).toEqual([]);
  }, 90_000);
});
