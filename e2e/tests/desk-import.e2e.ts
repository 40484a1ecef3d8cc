import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

/**
 * Branch campuses of demo universities (a name containing a directory name is a suspected
 * duplicate), one new enterprise, and a row without a unit name (invalid).
 */
const ROSTER_CSV = [
  '单位名称,简称,单位类型,所在省份,所在城市,联盟职务,行业领域,联系人,职务,手机',
  '哈尔滨工业大学（威海）,,高校,山东,威海,成员单位,材料,赵威海,教授,13900000001',
  '东北大学秦皇岛分校,,高校,河北,秦皇岛,成员单位,冶金,钱秦皇,副院长,13900000002',
  '吉林大学珠海学院,,高校,广东,珠海,成员单位,材料,孙珠海,教授,13900000003',
  '大连理工大学盘锦校区,,高校,辽宁,盘锦,成员单位,化工,李盘锦,主任,13900000004',
  '龙江精密铸锻试验有限公司,精铸试验,企业,黑龙江,哈尔滨,成员单位,铸造,周精铸,总经理,13900000005',
  ',,企业,黑龙江,哈尔滨,成员单位,铸造,吴无名,经理,13900000006',
].join('\n');
const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
// Upload, analysis and a dry run per decision: more than jest's default minute on a shared machine.
const LONG = 240_000;

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

skipWithoutBrowser('批量导入 at a desk (>= 1024 px): two columns, the dry run as a table (#16)', () => {
  let context: BrowserContext;
  const { cloud, browser } = useCloudAndBrowser({ beforeStop: () => context?.close() });

  it(
    'should preview a roster beside the file card, sort it, and decide the selected duplicates at once',
    async () => {
      context = await browser.newContext({ ...DESKTOP, baseURL: cloud.baseUrl });
      await signInAs(context, cloud.baseUrl, { name: '秘书处·导入', role: 'secretariat' });
      const page = await context.newPage();

      await step(page, 'desk-import-choose', async () => {
        await page.goto('/packages/directory/import/index');
        await visible(page, '.ah-import__placeholder').waitFor();
        const chooser = await visible(page, '.ah-import__left').boundingBox();
        const placeholder = await visible(page, '.ah-import__placeholder').boundingBox();
        // Side by side: the preview column starts right of the file column, at the same height.
        expect(placeholder!.x).toBeGreaterThan(chooser!.x + chooser!.width - 1);
        expect(Math.abs(placeholder!.y - chooser!.y)).toBeLessThan(4);
        await screenshot(page, 'desk-import-choose-1280');
      });

      const table = page.getByRole('table', { name: '导入预览' });
      await step(page, 'desk-import-preview', async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-import-')), '分校名录.csv');
        fs.writeFileSync(file, ROSTER_CSV);
        await page.locator('[data-testid="import-file"]').setInputFiles(file);
        await visible(page, '.ah-import__status').filter({ hasText: '待确认' }).waitFor({ timeout: 90_000 });
        await table.waitFor();
        const summary = await visible(page, '.ah-import__summary').boundingBox();
        const preview = await table.boundingBox();
        expect(preview!.x).toBeGreaterThan(summary!.x + summary!.width - 1);
        // The commit waits for the duplicates, and says how many: it sits under the file card.
        await visible(page, '.ah-import__left .ah-import__primary')
          .filter({ hasText: /还有 \d+ 行待决定/ })
          .waitFor();
        // The preview opens on the suspected duplicates, each with its question in the row.
        await page.getByRole('tab', { name: /疑似重复 \d+/, selected: true }).waitFor();
        expect(await table.getByRole('button', { name: '合并到已有记录' }).count()).toBeGreaterThan(0);

        const names = () => table.locator('[role="row"] [role="cell"]:nth-child(3)').allInnerTexts();
        const header = table.getByRole('columnheader', { name: /名称/ });
        await header.click();
        await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
        const ascending = await names();
        expect([...ascending].sort(collator.compare)).toEqual(ascending);
        await header.click();
        await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
        expect(await names()).toEqual([...ascending].reverse());
        await screenshot(page, 'desk-import-preview-1280');
      });

      await step(page, 'desk-import-bulk-decision', async () => {
        await table.getByRole('checkbox', { name: '全选' }).click();
        const bulk = page.getByRole('group', { name: '批量操作' });
        await bulk.getByText(/已选 \d+ 项/).waitFor();
        // Taro's H5 Button is a custom element without the button role: find it by its text.
        await bulk.getByText('跳过此行').click();
        // Every duplicate decided: the commit is offered, and each row shows the decision taken.
        await visible(page, '.ah-import__left .ah-import__primary').filter({ hasText: '确认导入' }).waitFor({
          timeout: 60_000,
        });
        await page.getByRole('tab', { name: /疑似重复/ }).click();
        const chosen = table.locator('[role="button"][aria-pressed="true"]', { hasText: '跳过此行' });
        await chosen.first().waitFor();
        expect(
          await table.locator('[role="button"][aria-pressed="true"]', { hasText: '合并到已有记录' }).count(),
        ).toBe(0);
        await screenshot(page, 'desk-import-decided-1280');
      });

      await step(page, 'desk-import-invalid-and-phone', async () => {
        await page.getByRole('tab', { name: /^无效/ }).click();
        await page.getByRole('columnheader', { name: /错误/ }).waitFor();
        // The phone keeps its list: no table, rows as cards, the commit below the preview.
        await page.setViewportSize({ width: 390, height: 844 });
        await table.waitFor({ state: 'detached' });
        await visible(page, '.ah-import__right .ah-import__primary')
          .filter({ hasText: '确认导入' })
          .waitFor();
        await screenshot(page, 'desk-import-phone-390');
      });
    },
    LONG,
  );
});
