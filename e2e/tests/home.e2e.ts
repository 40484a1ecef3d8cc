import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { startCloud, type CloudProcess } from '../support/cloud-process';

skipWithoutBrowser('home page and tabs (H5 build served by cloud)', () => {
  let cloud: CloudProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([startCloud(), launchBrowser()]);
    page = await (await newPhone(browser, cloud.baseUrl)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  it('should show the home page with the live server state in Chinese', async () => {
    await step(page, 'home', async () => {
      await page.goto('/');
      await page.locator('.ah-home__title', { hasText: '联盟通' }).waitFor();
      await page.getByText('运行正常').waitFor();
      await page.getByText('内置数据库').waitFor();
      await screenshot(page, 'home');
    });
  });

  it('should show a retry state when the server cannot be reached, and recover on retry', async () => {
    await step(page, 'home-offline', async () => {
      await page.route('**/api/v1/health', (route) => route.abort('internetdisconnected'));
      await page.reload();
      await page.getByText('无法连接服务器').waitFor();
      await screenshot(page, 'home-offline');
      await page.unroute('**/api/v1/health');
      await page
        .getByRole('button', { name: '重试' })
        .or(page.getByText('重试', { exact: true }))
        .first()
        .click();
      await page.getByText('运行正常').waitFor();
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
