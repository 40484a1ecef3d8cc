import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/** A small intent ledger over the demo directory: two good rows, one unknown party. */
async function ledger(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow([
    '合作项目',
    '需求方',
    '供给方',
    '阶段',
    '负责人',
    '签约日期',
    '合同金额（万元）',
    '合同类型',
    '年份',
  ]);
  sheet.addRow([
    '历史导入·铝板热处理',
    '东轻',
    '哈工大',
    '签约',
    '白衬衫·李明',
    '2022-05-10',
    120,
    '技术转让',
    2022,
  ]);
  sheet.addRow(['历史导入·焊缝检测', '齐车', '哈工程', '洽谈', '', '', '', '', 2023]);
  sheet.addRow(['历史导入·未知单位', '某某新材料科技有限公司', '哈工大', '意向', '', '', '', '', 2023]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

skipWithoutBrowser('批量导入 合作意向 over the demo alliance', () => {
  const { cloud, browser } = useCloudAndBrowser({ startTimeoutMs: 120_000 });

  it('should preview an intent ledger with per-row errors and import the valid rows', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '王秘书长', role: 'secretariat' });
    const page = await context.newPage();

    await step(page, 'intent-import-choose', async () => {
      await page.goto('/packages/directory/import/index?kind=intents');
      await visible(page, '.ah-card__title').filter({ hasText: '导入历史合作意向' }).waitFor();
      await screenshot(page, 'intent-import-choose-390');
    });

    await step(page, 'intent-import-preview', async () => {
      await page.locator('[data-testid="import-file"]').setInputFiles({
        name: '意向台账.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await ledger(),
      });
      await visible(page, '.ah-import__status').filter({ hasText: '待确认' }).waitFor({ timeout: 60_000 });
      await visible(page, '.ah-import__tab').filter({ hasText: '无效' }).click();
      await visible(page, '.ah-import__reason').filter({ hasText: '不在名录中' }).first().waitFor();
      await screenshot(page, 'intent-import-preview-390');
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'intent-import-preview-1280');
      await page.setViewportSize({ width: 390, height: 844 });
    });

    await step(page, 'intent-import-commit', async () => {
      await visible(page, '.ah-import__primary').filter({ hasText: '确认导入' }).click();
      const modal = page.locator('.taro__modal');
      await modal.locator('.taro-modal__content', { hasText: '条合作意向' }).waitFor();
      await modal.locator('.taro-model__confirm').click();
      await visible(page, '.ah-card__title').filter({ hasText: '导入完成' }).waitFor({ timeout: 60_000 });
      await visible(page, '.ah-import__result-item')
        .filter({ hasText: '登记合作意向' })
        .filter({ hasText: '2' })
        .waitFor();
      await screenshot(page, 'intent-import-done-390');
    });
    await context.close();
  }, 240_000);
});
