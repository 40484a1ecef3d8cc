import type { Page } from 'playwright-core';
import type { Role } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
// Several pages and two widths per test: more than jest's default minute on a shared machine.
const LONG = 180_000;

skipWithoutBrowser('the desk (>= 1024 px): side bar, tables, audit log, home by role (#16)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser();

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function desk(who: { name: string; role: Role }): Promise<Page> {
    const context = await browser.newContext({ ...DESKTOP, baseURL: cloud.baseUrl });
    contexts.push(context);
    await signInAs(context, cloud.baseUrl, who);
    return context.newPage();
  }

  it(
    'should work the directory and the audit log as tables from the side bar',
    async () => {
      const page = await desk({ name: '秘书处·桌面测试', role: 'secretariat' });

      await step(page, 'desk-side-bar', async () => {
        await page.goto('/pages/index/index');
        const nav = page.getByRole('navigation', { name: '主导航' });
        await nav.waitFor();
        // The phone's tab bar gives way to the side bar.
        expect(await page.locator('.taro-tabbar__tabbar').isVisible()).toBe(false);
        await nav.getByRole('link', { name: '名录' }).click();
        await page.waitForURL('**/pages/directory/index*');
      });

      await step(page, 'desk-directory-table', async () => {
        const table = page.getByRole('table', { name: '单位列表' });
        await table.waitFor();
        const names = () => table.locator('[role="row"] [role="cell"]:nth-child(2)').allInnerTexts();
        const header = table.getByRole('columnheader', { name: /单位名称/ });
        await header.click();
        await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
        const ascending = await names();
        expect(ascending.length).toBeGreaterThan(2);
        await header.click();
        await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
        expect((await names())[0]).toBe(ascending.at(-1));

        await table.getByRole('checkbox', { name: '选择' }).nth(0).click();
        await table.getByRole('checkbox', { name: '选择' }).nth(1).click();
        await page.getByText('已选 2 项').waitFor();
        await page.getByText('导出单位（当前筛选）').waitFor();
        await screenshot(page, 'desk-directory-1280');

        await page.getByRole('tab', { name: '专家' }).click();
        await page.getByRole('table', { name: '专家列表' }).waitFor();
      });

      await step(page, 'desk-audit-log', async () => {
        await page
          .getByRole('navigation', { name: '主导航' })
          .getByRole('link', { name: '审计日志' })
          .click();
        await page.waitForURL('**/packages/account/audit/index*');
        const table = page.getByRole('table', { name: '审计日志' });
        await table.waitFor();
        // A back or home control in the title bar on every sub-page.
        await page
          .locator('#taro-navigation-bar .taro-navigation-bar-title', { hasText: '审计日志' })
          .waitFor();
        const rows = table.locator('[role="row"]');
        if ((await rows.count()) > 1) {
          await rows.nth(1).click();
          await page.getByLabel('记录详情').waitFor();
        } else {
          await page.getByText('没有符合条件的记录').waitFor();
        }
        await screenshot(page, 'desk-audit-1280');
      });
    },
    LONG,
  );

  it.each([
    ['guest', '访客·首页'],
    ['member', '成员·首页'],
    ['coordinator', '白衬衫·首页'],
    ['secretariat', '秘书处·首页'],
  ] as const)(
    'should show the %s home at 390 and 1280 px',
    async (role, name) => {
      for (const width of [390, 1280] as const) {
        const context =
          width === 390
            ? await newPhone(browser, cloud.baseUrl)
            : await browser.newContext({ ...DESKTOP, baseURL: cloud.baseUrl });
        contexts.push(context);
        await signInAs(context, cloud.baseUrl, { name, role });
        const page = await context.newPage();
        await step(page, `home-${role}-${width}`, async () => {
          await page.goto('/pages/index/index');
          // Signed in on first paint: the hero names the user; no invitation to sign in.
          await page.locator('.ah-home__subtitle', { hasText: name }).waitFor();
          expect(await page.getByText(/登录后查看近期活动/).count()).toBe(0);
          await page.waitForFunction(() => !document.body.innerText.includes('加载中…'), null, {
            timeout: 15_000,
          });
          await screenshot(page, `home-${role}-${width}`);
        });
      }
    },
    LONG,
  );
});
