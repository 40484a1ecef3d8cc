import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const ROSTER = path.resolve(__dirname, '../../cloud/test/fixtures/samples/member-roster.xlsx');

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/** One conflict of one organization on the conflicts card. */
const conflictOf = (page: Page, org: string, field: string) =>
  visible(page, '[data-testid="import-conflicts"] .ah-import-choices__row')
    .filter({ hasText: org })
    .locator(`[data-field="${field}"]`);

skipWithoutBrowser('批量导入: the roster over the demo alliance, conflicts and unknown terms', () => {
  const { cloud, browser } = useCloudAndBrowser();

  it('should show a lowered alliance role as a conflict kept by default, and take the file’s value when chosen', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '王秘书长', role: 'secretariat' });
    const page = await context.newPage();

    await step(page, 'import-conflicts', async () => {
      await page.goto('/packages/directory/import/index');
      await page.locator('[data-testid="import-file"]').setInputFiles(ROSTER);
      await visible(page, '[data-testid="import-conflicts"]').waitFor({ timeout: 30_000 });
      const neu = conflictOf(page, '东北大学', 'allianceRole');
      await neu.filter({ hasText: '名录：理事单位 → 文件：成员单位' }).waitFor();
      await neu.filter({ hasText: '文件中的联盟职务低于名录中的' }).waitFor();
      // Nobody chose yet: the directory's value is kept.
      await neu.locator('[role="button"][aria-pressed="true"]').filter({ hasText: '保留现有' }).waitFor();
      // 黑龙江/哈尔滨 in the file is 黑龙江省/哈尔滨市 in the directory: not a conflict.
      expect(await visible(page, '[data-testid="import-conflicts"] [data-field="province"]').count()).toBe(0);
      await screenshot(page, 'import-conflicts-390');
      // The page scrolls inside Taro's container: capture the card itself as well.
      await visible(page, '[data-testid="import-conflicts"]').screenshot({
        path: path.join(ARTIFACTS, 'import-conflicts-card-390.png'),
      });
    });

    await step(page, 'import-conflict-take', async () => {
      const metal = conflictOf(page, '中国科学院金属研究所', 'allianceRole');
      await metal.locator('[role="button"]').filter({ hasText: '采用文件' }).click();
      await metal.locator('[role="button"][aria-pressed="true"]').filter({ hasText: '采用文件' }).waitFor();
      // The other organizations keep theirs.
      await conflictOf(page, '东北大学', 'allianceRole')
        .locator('[role="button"][aria-pressed="true"]')
        .filter({ hasText: '保留现有' })
        .waitFor();
    });

    await step(page, 'import-terms', async () => {
      const terms = visible(page, '[data-testid="import-terms"]');
      await terms.waitFor();
      const term = terms.locator('[data-term="冶金"]');
      await term.locator('[role="button"][aria-pressed="true"]').filter({ hasText: '作为关键词' }).waitFor();
      await term.locator('[role="button"]').filter({ hasText: '新增为行业领域' }).click();
      await term
        .locator('[role="button"][aria-pressed="true"]')
        .filter({ hasText: '新增为行业领域' })
        .waitFor();
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'import-conflicts-1280');
    });
    await context.close();
    // Upload, analysis and three re-evaluated dry runs: more than the default minute on a busy machine.
  }, 180_000);
});
