import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IntentView } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

/** Taro keeps earlier pages in the DOM, hidden; only the visible copy counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

function desk(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

skipWithoutBrowser('intents: stale-day settings and the people of each party (H5 build)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser({ env: { AUTH_DEV_LOGIN: '1' } });

  it('should let the secretariat change a stage’s stale days from the board, refusing 0 in Chinese', async () => {
    const context = await desk(browser, cloud.baseUrl);
    contexts.push(context);
    await signInAs(context, cloud.baseUrl, { userId: await demoUserId(cloud.baseUrl, '秘书处·王秘书长') });
    const page = await context.newPage();
    const lead = () => visible(page, '.ah-form-field').filter({ hasText: '线索阶段' }).locator('input');

    await step(page, 'intent-settings-open', async () => {
      await page.goto('/packages/intents/board/index');
      await visible(page, '.ah-intent-board__bar').getByText('停滞设置').waitFor();
      await screenshot(page, 'intents-board-secretariat-1280');
      await visible(page, '.ah-intent-board__bar').getByText('停滞设置').click();
      await lead().waitFor();
      expect(await lead().inputValue()).toBe('14');
      await screenshot(page, 'intent-settings-1280');
    });

    await step(page, 'intent-settings-save', async () => {
      await lead().fill('0');
      await visible(page, '.ah-intent-settings__save').click();
      await visible(page, '.ah-form-field__error').getByText('至少 1 天').waitFor();
      await lead().fill('20');
      await visible(page, '.ah-intent-settings__save').click();
      await visible(page, '.ah-intent-settings__meta')
        .getByText(/第 1 版/)
        .waitFor();
      await screenshot(page, 'intent-settings-saved-1280');
    });

    const phone = await newPhone(browser, cloud.baseUrl);
    contexts.push(phone);
    await signInAs(phone, cloud.baseUrl, { userId: await demoUserId(cloud.baseUrl, '白衬衫·陈静') });
    const mobile = await phone.newPage();
    await step(mobile, 'intent-settings-coordinator', async () => {
      await mobile.goto('/packages/intents/settings/index');
      await visible(mobile, '.ah-intent-settings__value').getByText('20 天').first().waitFor();
      await visible(mobile, '.ah-intents__warning')
        .getByText(/由秘书处设置/)
        .waitFor();
      await screenshot(mobile, 'intent-settings-coordinator-390');
    });
  });

  it('should create an intent with a person picked for a party and show the person on its page', async () => {
    const phone = await newPhone(browser, cloud.baseUrl);
    contexts.push(phone);
    await signInAs(phone, cloud.baseUrl, { userId: await demoUserId(cloud.baseUrl, '白衬衫·李明') });
    const page = await phone.newPage();

    const person = await step(page, 'intent-create-people', async () => {
      await page.goto('/packages/intents/edit/index');
      await visible(page, '.ah-form-field')
        .filter({ hasText: '意向名称' })
        .locator('input')
        .fill('轻量化铝镁合金部件联合开发');
      await visible(page, '.ah-intent-org-search input').fill('哈工大');
      await visible(page, '.ah-intent-org-search__hit').first().click();
      const chips = visible(page, '.ah-intent-people [role="checkbox"]');
      await chips.first().waitFor();
      const name = (await chips.first().innerText()).replace(/（.*$/, '').trim();
      await chips.first().click();
      await visible(page, '.ah-intent-people [aria-checked="true"]').first().waitFor();
      await screenshot(page, 'intent-create-people-390');
      return name;
    });

    await step(page, 'intent-create-save', async () => {
      await visible(page, '.ah-intent-edit__save').click();
      await visible(page, '.ah-intent-detail__parties').getByText(person).waitFor();
      await screenshot(page, 'intent-detail-people-390');
    });
    const id = new URL(page.url()).searchParams.get('id');
    const response = await fetch(`${cloud.baseUrl}/api/v1/intents/${id}`, {
      headers: {
        Authorization: `Bearer ${JSON.parse((await page.evaluate(() => localStorage.getItem('ah.session.token'))) ?? '{}').data}`,
      },
    });
    const stored = (await response.json()) as IntentView;
    expect(stored.parties[0].people.map((p) => p.name)).toEqual([person]);
  });
});
