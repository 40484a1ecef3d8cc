import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
// A dozen screens, each loading its data on a busy shared machine.
const LONG = 300_000;

/**
 * The screens the secretariat works at, at 1280 px (#16 item 2): the lists are tables, every
 * sub-page has the title bar with its name. Screenshots land in e2e/artifacts/desk-*.png.
 */
const SCREENS: Array<{ name: string; url: string; title: string; table?: string }> = [
  { name: 'directory', url: '/pages/directory/index', title: '名录', table: '单位列表' },
  { name: 'import', url: '/packages/directory/import/index', title: '批量导入' },
  { name: 'users', url: '/packages/account/users/index', title: '用户管理', table: '用户列表' },
  { name: 'applications', url: '/packages/account/applications/index', title: '入会申请' },
  { name: 'audit', url: '/packages/account/audit/index', title: '审计日志', table: '审计日志' },
  { name: 'events', url: '/packages/events/list/index', title: '活动', table: '活动列表' },
  { name: 'review', url: '/packages/matchmaking/review/index', title: '审核', table: '待审成果' },
  { name: 'leads', url: '/packages/matchmaking/leads/index', title: '对接线索' },
  { name: 'intent-board', url: '/packages/intents/board/index', title: '意向' },
  { name: 'tasks', url: '/packages/interactions/tasks/index', title: '待办' },
  { name: 'stats', url: '/packages/stats/dashboard/index', title: '统计' },
  { name: 'stale-settings', url: '/packages/intents/settings/index', title: '停滞' },
  { name: 'matchmaking', url: '/pages/matchmaking/index', title: '对接' },
  { name: 'me', url: '/pages/me/index', title: '我的' },
];

skipWithoutBrowser('the secretariat’s desk screens at 1280 px (#16)', () => {
  let context: BrowserContext;
  const { cloud, browser } = useCloudAndBrowser({ beforeStop: () => context?.close() });

  async function settle(page: Page): Promise<void> {
    await page
      .waitForFunction(() => !document.body.innerText.includes('加载中'), null, { timeout: 15_000 })
      .catch(() => undefined);
  }

  it(
    'should give every desk screen its title bar, the lists as tables, and an event’s attendees as a table',
    async () => {
      context = await browser.newContext({ ...DESKTOP, baseURL: cloud.baseUrl });
      const me = await signInAs(context, cloud.baseUrl, { name: '秘书处·巡检', role: 'secretariat' });
      const page = await context.newPage();
      const tables: string[] = [];

      for (const screen of SCREENS) {
        await step(page, `desk-${screen.name}`, async () => {
          await page.goto(screen.url);
          await page
            .locator('#taro-navigation-bar .taro-navigation-bar-title:visible', { hasText: screen.title })
            .waitFor();
          if (screen.table) await page.getByRole('table', { name: screen.table }).first().waitFor();
          await settle(page);
          const names = await page
            .locator('[role="table"]:visible')
            .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? '?'));
          tables.push(`${screen.name}: ${names.join(', ') || '(no table)'}`);
          await screenshot(page, `desk-${screen.name}-1280`);
        });
      }

      await step(page, 'desk-review-bulk-approve', async () => {
        await page.goto('/packages/matchmaking/review/index');
        const table = page.getByRole('table', { name: '待审成果' });
        const rows = table.locator('[role="row"]:not(.ah-data-table__row--head)');
        await rows.first().waitFor();
        const before = await rows.count();
        expect(before).toBeGreaterThanOrEqual(2);
        const header = table.getByRole('columnheader', { name: /提交单位/ });
        await header.click();
        await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
        await table.getByRole('checkbox', { name: '选择' }).nth(0).click();
        await table.getByRole('checkbox', { name: '选择' }).nth(1).click();
        const bulk = page.getByRole('group', { name: '批量操作' });
        await bulk.getByText('已选 2 项').waitFor();
        await bulk.getByText('批量通过并发布').click();
        // Asked once for both (Taro's H5 modal), then both leave the queue.
        await page.getByText('通过所选的 2 条成果并立即发布', { exact: false }).waitFor();
        await page.getByText('全部通过', { exact: true }).click();
        await page.waitForFunction(
          (expected) =>
            document.querySelectorAll('[aria-label="待审成果"] [role="row"]:not(.ah-data-table__row--head)')
              .length === expected,
          before - 2,
        );
        await screenshot(page, 'desk-review-approved-1280');
      });

      await step(page, 'desk-attendees', async () => {
        const events = await context.request.get(`${cloud.baseUrl}/api/v1/events?when=all&limit=1`, {
          headers: { Authorization: `Bearer ${me.token}` },
        });
        const [event] = ((await events.json()) as { items: Array<{ id: string }> }).items;
        expect(event).toBeDefined();
        await page.goto(`/packages/events/attendees/index?id=${event!.id}`);
        await page.locator('[role="table"]:visible').first().waitFor();
        await settle(page);
        await screenshot(page, 'desk-attendees-1280');
      });

      await step(page, 'desk-not-found', async () => {
        await page.goto('/packages/no-such/page/index');
        await page.getByText('回到首页').first().waitFor();
        await screenshot(page, 'desk-not-found-1280');
      });
      // What each screen shows as a table, for the person reading the run.
      console.log(tables.join('\n'));
    },
    LONG,
  );
});
