import path from 'node:path';
import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

const LIST = path.resolve(__dirname, '../../cloud/test/fixtures/samples/achievement-list.xlsx');

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/** A demo user's id by display name, for the dev sign-in. */
skipWithoutBrowser('批量导入 科技成果, roadshow links and 我感兴趣 over the demo alliance', () => {
  // Starting cloud with the demo data takes more than the default minute on a busy machine.
  const { cloud, browser } = useCloudAndBrowser({ startTimeoutMs: 120_000 });

  it('should preview an achievement list with owner errors per row and publish the valid rows once', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '王秘书长', role: 'secretariat' });
    const page = await context.newPage();

    await step(page, 'publication-import-choose', async () => {
      await page.goto('/packages/directory/import/index');
      await visible(page, '.ah-import__kind').filter({ hasText: '科技成果' }).click();
      await visible(page, '.ah-card__title').filter({ hasText: '导入科技成果' }).waitFor();
      // 每行是 (members / organizations / people) belongs to the directory only.
      expect(await visible(page, '.ah-import__select').count()).toBe(0);
      await screenshot(page, 'publication-import-choose-390');
    });

    await step(page, 'publication-import-preview', async () => {
      await page.locator('[data-testid="import-file"]').setInputFiles(LIST);
      await visible(page, '.ah-import__status').filter({ hasText: '待确认' }).waitFor({ timeout: 60_000 });
      // Directory-only cards stay away; the column picker offers the achievement's columns.
      expect(await visible(page, '[data-testid="import-terms"]').count()).toBe(0);
      await visible(page, '.ah-import__select').filter({ hasText: '成熟度' }).waitFor();
      await visible(page, '.ah-import__tab').filter({ hasText: '无效' }).click();
      await visible(page, '.ah-import__reason').filter({ hasText: '不在名录中' }).first().waitFor();
      await screenshot(page, 'publication-import-preview-390');
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'publication-import-preview-1280');
      await page.setViewportSize({ width: 390, height: 844 });
    });

    await step(page, 'publication-import-commit', async () => {
      await visible(page, '.ah-import__primary').filter({ hasText: '确认导入' }).click();
      const modal = page.locator('.taro__modal');
      await modal.locator('.taro-modal__content', { hasText: '条科技成果' }).waitFor();
      await modal.locator('.taro-model__confirm').click();
      await visible(page, '.ah-card__title').filter({ hasText: '导入完成' }).waitFor({ timeout: 60_000 });
      const published = visible(page, '.ah-import__result-item').filter({ hasText: '发布科技成果' });
      expect(Number(await published.locator('.ah-import__result-value').textContent())).toBeGreaterThan(0);
      await screenshot(page, 'publication-import-done-390');
    });
    await context.close();
  }, 180_000);
  it('should link a roadshow slot of the demo roadshow to an achievement picked from the search', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    const userId = await demoUserId(cloud.baseUrl, '白衬衫·李明');
    const { token } = await signInAs(context, cloud.baseUrl, { userId });
    const events = await context.request.get(`${cloud.baseUrl}/api/v1/events?limit=50`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const { items } = (await events.json()) as { items: Array<{ id: string; title: string }> };
    const roadshow = items.find((e) => e.title.startsWith('金属新材料科技成果路演'))!;
    const page = await context.newPage();

    await step(page, 'agenda-roadshow-picker', async () => {
      await page.goto(`/packages/events/edit/index?id=${roadshow.id}`);
      const linked = visible(page, '[data-testid="agenda-link"]');
      // The demo agenda's four roadshow slots keep their links in the form.
      await linked.first().waitFor({ timeout: 30_000 });
      expect(await linked.count()).toBe(4);
      await visible(page, '.ah-events__button').filter({ hasText: '添加议程' }).click();
      const slot = visible(page, '.ah-event-edit__agenda').last();
      await slot.locator('.ah-events__choice').filter({ hasText: '成果路演' }).click();
      await slot
        .locator('input[aria-label="搜索科技成果"], [aria-label="搜索科技成果"] input')
        .first()
        .fill('稀土');
      await slot.locator('.ah-agenda-link__result').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'agenda-roadshow-search-390');
      await slot.locator('.ah-agenda-link__result').first().click();
      await slot.locator('[data-testid="agenda-link"]').waitFor();
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'agenda-roadshow-picked-1280');
    });
    await context.close();
  }, 120_000);

  it('should register 我感兴趣 on an achievement outside any event and show it as done', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    const userId = await demoUserId(cloud.baseUrl, '周晓燕');
    const { token } = await signInAs(context, cloud.baseUrl, { userId });
    const found = await context.request.get(
      `${cloud.baseUrl}/api/v1/achievements?q=${encodeURIComponent('单晶叶片')}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const { items } = (await found.json()) as { items: Array<{ id: string }> };
    const page = await context.newPage();

    await step(page, 'interest-outside-event', async () => {
      await page.goto(`/packages/matchmaking/detail/index?kind=achievement&id=${items[0].id}`);
      await visible(page, '.ah-mm__button').filter({ hasText: '我感兴趣' }).click();
      await visible(page, 'textarea, input').last().fill('想了解量产成本');
      await screenshot(page, 'interest-sheet-390');
      await visible(page, '[role="dialog"] taro-button-core, [role="dialog"] button')
        .filter({ hasText: '登记意向' })
        .click();
      await visible(page, '.ah-mm__button').filter({ hasText: '已登记意向' }).waitFor();
      await screenshot(page, 'interest-done-390');
    });
    await context.close();
  }, 120_000);
});
