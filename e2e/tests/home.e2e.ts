import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

skipWithoutBrowser('home page and tabs (H5 build served by cloud)', () => {
  const { cloud, browser } = useCloudAndBrowser();
  let page: Page;

  beforeAll(async () => {
    page = await (await newPhone(browser, cloud.baseUrl)).newPage();
  });

  it('should show a signed-out visitor how to join, and no error', async () => {
    await step(page, 'home', async () => {
      await page.goto('/');
      await page.locator('.ah-home__title', { hasText: '联盟通' }).waitFor();
      await page.getByText('如何加入联盟').waitFor();
      await page.getByText(/登录后查看近期活动/).waitFor();
      await screenshot(page, 'home');
    });
  });

  it('should show staff the service status on 我的, with a retry when the server cannot be reached', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '白衬衫·状态', role: 'coordinator' });
    const staff = await context.newPage();
    await step(staff, 'me-service-status', async () => {
      await staff.goto('/pages/me/index');
      await staff.getByText(/^服务状态：运行正常 · 版本 .* · 内置数据库正常/).waitFor();
      await staff.route('**/api/v1/health', (route) => route.abort('internetdisconnected'));
      await staff.reload();
      const line = staff.getByText(/^服务状态：.*点此重试$/);
      await line.waitFor();
      await screenshot(staff, 'me-service-status-offline');
      await staff.unroute('**/api/v1/health');
      await line.click();
      await staff.getByText(/^服务状态：运行正常/).waitFor();
    });
    await context.close();
  });

  it('should show a page with the way home for an unknown address', async () => {
    await step(page, 'not-found', async () => {
      await page.goto('/pages/no-such-page/index');
      await page.getByText('找不到这个页面').waitFor();
      await screenshot(page, 'not-found');
      await page.locator('taro-button-core', { hasText: '回到首页' }).click();
      await page.waitForURL('**/pages/index/index*');
      await page.getByText('如何加入联盟').waitFor();
    });
  });

  it('should switch between the four tabs', async () => {
    await step(page, 'tabs', async () => {
      for (const [label, path] of [
        ['名录', '/pages/directory/index'],
        ['对接', '/pages/matchmaking/index'],
        ['我的', '/pages/me/index'],
        ['首页', '/pages/index/index'],
      ] as const) {
        await page.locator('.weui-tabbar__item', { hasText: label }).click();
        await page.waitForURL(`**${path}*`);
      }
    });
  });
});
