import path from 'node:path';
import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const ROSTER = path.resolve(__dirname, '../../cloud/test/fixtures/samples/member-roster-utf8.csv');

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

const statusLabel = (page: Page, label: string) =>
  visible(page, '.ah-import__status').filter({ hasText: label });

skipWithoutBrowser('批量导入: cancelling a job and retrying a failed one', () => {
  const { cloud, browser } = useCloudAndBrowser();

  it('should cancel an analysed import only after confirming, leaving the directory untouched', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '王秘书长', role: 'secretariat' });
    const page = await context.newPage();
    await page.goto('/packages/directory/import/index');
    await page.locator('[data-testid="import-file"]').setInputFiles(ROSTER);
    await statusLabel(page, '待确认').waitFor({ timeout: 30_000 });
    // The cards below load their rows after the status shows, and the page grows under the phone's
    // bottom button: a click while it moves lands beside it (seen once in a full run).
    await visible(page, '[data-testid="import-conflicts"] .ah-import-choices__row').first().waitFor();
    await visible(page, '[data-testid="import-terms"]').waitFor();
    await visible(page, '.ah-import__row-name').first().waitFor();

    await step(page, 'import-cancel-confirm', async () => {
      await visible(page, '.ah-import__secondary').filter({ hasText: '取消导入' }).click();
      const modal = page.locator('.taro__modal');
      await modal.locator('.taro-modal__title', { hasText: '取消导入' }).waitFor();
      await screenshot(page, 'import-cancel-confirm-390');
      // 返回 keeps the job.
      await modal.locator('.taro-model__cancel').click();
      await modal.waitFor({ state: 'hidden' });
      await statusLabel(page, '待确认').waitFor();
    });

    await step(page, 'import-cancelled', async () => {
      await visible(page, '.ah-import__secondary').filter({ hasText: '取消导入' }).click();
      const modal = page.locator('.taro__modal');
      await modal.locator('.taro-model__confirm').click();
      await statusLabel(page, '已取消').waitFor();
      await visible(page, '.ah-import__ended').filter({ hasText: '名录没有任何改动' }).waitFor();
      // Nothing left to commit.
      expect(await visible(page, '.ah-import__primary').filter({ hasText: '确认导入' }).count()).toBe(0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'import-cancelled-1280');
    });
    await context.close();
  });

  it('should offer 重试 on a failed job and show the job running again after it', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '王秘书长', role: 'secretariat' });
    const page = await context.newPage();
    // The first poll answers as a job whose analysis was interrupted too often; the retry
    // itself goes to the real server.
    let faked = false;
    await page.route('**/api/v1/imports/*', async (route) => {
      if (faked || route.request().method() !== 'GET') return route.fallback();
      faked = true;
      const res = await route.fetch();
      const job = (await res.json()) as Record<string, unknown>;
      await route.fulfill({
        response: res,
        json: {
          ...job,
          status: 'failed',
          error: {
            code: 'IMPORT_INTERRUPTED',
            message: '分析文件时服务中断了 3 次，已停止。请点击“重试”，或重新上传文件',
          },
        },
      });
    });
    await page.goto('/packages/directory/import/index');
    await page.locator('[data-testid="import-file"]').setInputFiles(ROSTER);

    await step(page, 'import-failed-retry', async () => {
      await statusLabel(page, '失败').waitFor({ timeout: 30_000 });
      await visible(page, '.ah-import__problem').filter({ hasText: '请点击“重试”' }).waitFor();
      const retry = visible(page, '.ah-import__primary').filter({ hasText: '重试' });
      await retry.waitFor();
      await screenshot(page, 'import-failed-retry-390');
      await retry.click();
      // The real job was fine: retry answers it as it is, and the screen follows.
      await statusLabel(page, '待确认').waitFor({ timeout: 30_000 });
      expect(await visible(page, '.ah-import__primary').filter({ hasText: '重试' }).count()).toBe(0);
    });
    await context.close();
  });
});
