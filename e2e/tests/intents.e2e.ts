import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IntentView } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

const TOPIC = '高强铝合金板材短流程技术转化';
const STAFF_NOTE = '双方已盖章，合同原件在秘书处';
const PENDING_TOPIC = '芳纶纤维表面改性联合开发';

/** Taro keeps earlier pages in the DOM, hidden; only the visible copy counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

async function api<T>(baseUrl: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function orgId(baseUrl: string, token: string, name: string): Promise<string> {
  const page = await api<{ items: Array<{ id: string; name: string }> }>(
    baseUrl,
    token,
    `/organizations?q=${encodeURIComponent(name)}`,
  );
  const org = page.items.find((o) => o.name === name);
  if (!org) throw new Error(`no organization ${name}`);
  return org.id;
}

function desk(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

skipWithoutBrowser('intents: the desk board, the table and the member view (H5 build)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser({ env: { AUTH_DEV_LOGIN: '1' } });
  let intentId = '';
  let coordinatorId = '';

  beforeAll(async () => {
    coordinatorId = await demoUserId(cloud.baseUrl, '白衬衫·李明');
  });

  it('should drag an intent from 洽谈 to 签约 with its contract, list it in the table and show it to a party member', async () => {
    const context = await desk(browser, cloud.baseUrl);
    contexts.push(context);
    const { token } = await signInAs(context, cloud.baseUrl, { userId: coordinatorId });
    const [hit, daqing] = await Promise.all([
      orgId(cloud.baseUrl, token, '哈尔滨工业大学'),
      orgId(cloud.baseUrl, token, '大庆华科新材料有限公司'),
    ]);
    const created = await api<IntentView>(cloud.baseUrl, token, '/intents', {
      method: 'POST',
      body: JSON.stringify({
        clientId: 'e2e-intent-0001',
        topic: TOPIC,
        description: '大庆华科需要高强铝合金板材，哈工大提供短流程制备技术。',
        parties: [
          { organizationId: daqing, role: 'demand', personIds: [] },
          { organizationId: hit, role: 'supply', personIds: [] },
        ],
        stage: 'negotiating',
      }),
    });
    intentId = created.id;
    const pending = await api<IntentView>(cloud.baseUrl, token, '/intents', {
      method: 'POST',
      body: JSON.stringify({
        clientId: 'e2e-intent-0002',
        topic: PENDING_TOPIC,
        parties: [
          { organizationId: daqing, role: 'demand', personIds: [] },
          { organizationId: hit, role: 'supply', personIds: [] },
        ],
        stage: 'negotiating',
      }),
    });
    const page = await context.newPage();
    const card = (stage: string) => visible(page, `[data-column="${stage}"] [data-intent="${intentId}"]`);

    await step(page, 'intents-board', async () => {
      await page.goto(`/packages/intents/board/index?q=${encodeURIComponent('短流程技术转化')}`);
      await card('negotiating').waitFor();
      await screenshot(page, 'intents-board-1280');
    });

    await step(page, 'intents-drag-to-signed', async () => {
      const source = visible(page, `.ah-intent-board__card:has([data-intent="${intentId}"])`);
      await source.dragTo(visible(page, '[data-column="signed"]'));
      const sheet = visible(page, '.ah-intent-sheet');
      await sheet.waitFor();
      await sheet.locator('[aria-checked="true"]').getByText('签约').first().waitFor();
      // Saving without the contract names its fields, and nothing moves.
      await visible(page, '.ah-intent-sheet__save').click();
      await sheet.getByText('请选择合同类型').waitFor();
      await sheet.locator('[aria-label="合同类型"]').getByText('技术转让').click();
      await sheet.locator('.ah-form-field', { hasText: '成交额（万元）' }).locator('input').fill('120');
      await sheet.locator('.ah-form-field', { hasText: '技术交易额（万元）' }).locator('input').fill('100');
      await sheet.locator('.ah-form-field', { hasText: '期限（月）' }).locator('input').fill('24');
      await sheet
        .locator('.ah-form-field', { hasText: '技术合同登记号' })
        .locator('input')
        .fill('黑技登-2025-17');
      await sheet.getByText('仍可保存').waitFor(); // an unusual number only warns
      await sheet.locator('.ah-form-field', { hasText: '备注' }).locator('textarea').fill(STAFF_NOTE);
      await screenshot(page, 'intents-board-contract-1280');
      await visible(page, '.ah-intent-sheet__save').click();
      await card('signed').waitFor();
      expect(await card('negotiating').count()).toBe(0);
      await screenshot(page, 'intents-board-signed-1280');
      const stored = await api<IntentView>(cloud.baseUrl, token, `/intents/${intentId}`);
      expect(stored).toMatchObject({ stage: 'signed', amount: 120 });
      expect(stored.contract).toMatchObject({
        type: 'transfer',
        amount: 120,
        techAmount: 100,
        termMonths: 24,
      });
      expect(stored.contract?.registrationNoWarning).toBeTruthy();
      expect(stored.stageHistory.at(-1)).toMatchObject({
        from: 'negotiating',
        to: 'signed',
        note: STAFF_NOTE,
      });
    });

    await step(page, 'intents-table', async () => {
      await visible(page, '[role="tab"]').getByText('表格').click();
      const row = visible(page, '.ah-intent-table [role="row"]').filter({ hasText: TOPIC });
      await row.waitFor();
      await row.getByText('签约').waitFor();
      await row.getByText('120 万元').waitFor();
      await screenshot(page, 'intents-table-1280');
      // The export goes through the request wrapper (token, progress) and lands as a file.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        visible(page, '.ah-intent-table__export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^合作意向-\d{4}-\d{2}-\d{2}\.xlsx$/);
    });

    const member = await desk(browser, cloud.baseUrl);
    contexts.push(member);
    await signInAs(member, cloud.baseUrl, { userId: await demoUserId(cloud.baseUrl, '周晓燕') });
    const memberPage = await member.newPage();
    await step(memberPage, 'intents-member-view', async () => {
      await memberPage.goto('/pages/me/index');
      await visible(memberPage, '[aria-label="本单位的合作意向"]').click();
      await visible(memberPage, `[data-intent="${intentId}"]`).getByText(TOPIC).click();
      await visible(memberPage, '.ah-intent-detail__step--current').getByText('签约').waitFor();
      await visible(memberPage, '[data-section="contract"]').getByText('120 万元').first().waitFor();
      await visible(memberPage, '[data-section="contract"]').getByText('技术转让').waitFor();
      // The staff's note on the move is not for members.
      expect(await memberPage.getByText(STAFF_NOTE).count()).toBe(0);
      expect(await visible(memberPage, '.ah-intent-detail__move').count()).toBe(0);
      await screenshot(memberPage, 'intents-member-detail-1280');
    });

    await step(memberPage, 'intents-member-reports-signed', async () => {
      await memberPage.goto('/packages/intents/org/index');
      await visible(memberPage, `[data-intent="${pending.id}"]`).getByText(PENDING_TOPIC).click();
      await visible(memberPage, '.ah-intent-detail__report').click();
      await memberPage.getByText('报告签约', { exact: true }).last().click();
      await visible(memberPage, '.ah-intent-detail__head').getByText('等待联盟工作人员确认').waitFor();
      await screenshot(memberPage, 'intents-member-reported-1280');
      // The owner sees it on the board, to confirm by moving it to 签约 with the contract.
      await page.goto(`/packages/intents/board/index?q=${encodeURIComponent('芳纶纤维表面改性')}`);
      await visible(page, `[data-column="negotiating"] [data-intent="${pending.id}"]`)
        .getByText('成员报签约')
        .waitFor();
    });
  });

  it('should show the phone screens to a coordinator at 390 px', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    contexts.push(context);
    await signInAs(context, cloud.baseUrl, { userId: coordinatorId });
    const page = await context.newPage();

    await step(page, 'intents-phone-mine', async () => {
      await page.goto('/pages/me/index');
      await visible(page, '[aria-label="我的意向"]').click();
      await visible(page, '.ah-my-intents__stage').filter({ hasText: '签约' }).click();
      await visible(page, '.ah-my-intents__stage--on').getByText('签约').waitFor();
      await visible(page, '.ah-intent-card').first().waitFor();
      await screenshot(page, 'intents-mine-390');
      await visible(page, '.ah-intent-card [aria-label="变更阶段"]').first().click();
      await visible(page, '.ah-intent-sheet').waitFor();
      await visible(page, '.ah-intent-sheet [aria-label="状态"]').getByText('未成').click();
      await visible(page, '.ah-intent-sheet [aria-label="未成原因"]').waitFor();
      await screenshot(page, 'intents-stage-sheet-390');
      await visible(page, '.ah-intent-sheet .ah-intents__button').getByText('取消').click();
    });

    await step(page, 'intents-phone-detail', async () => {
      await page.goto(`/packages/intents/detail/index?id=${intentId}`);
      await visible(page, '.ah-intent-detail__topic').getByText(TOPIC).waitFor();
      await visible(page, '.ah-intent-detail__timeline').getByText('洽谈 → 签约').waitFor();
      await visible(page, '.ah-intent-detail__timeline').getByText(STAFF_NOTE).waitFor();
      await screenshot(page, 'intents-detail-390');
    });

    await step(page, 'intents-phone-create', async () => {
      await page.goto('/packages/intents/edit/index');
      await visible(page, '.ah-intent-edit__save').click();
      await visible(page, '.ah-intents__error').getByText('请检查标红的项目').waitFor();
      await screenshot(page, 'intents-create-errors-390');
    });
  });
});
