import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DevUserView } from '@alliance-hub/types';
import { PHONE, launchBrowser, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { startCloud, type CloudProcess } from '../support/cloud-process';
import { signInAs } from '../support/sign-in';

const EVENT_TITLE = '统计看板测试·铝合金闭门对接会';

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

async function demoUser(baseUrl: string, displayName: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/dev/users`);
  const { items } = (await response.json()) as { items: DevUserView[] };
  const user = items.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no demo user ${displayName}`);
  return user.id;
}

skipWithoutBrowser('stats: the dashboard on a desk and a phone, drilling down to records (H5 build)', () => {
  let cloud: CloudProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([startCloud({ AUTH_DEV_LOGIN: '1' }), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await cloud?.stop();
  });

  it('should show the KPIs against the targets and open the records behind a number', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: cloud.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    const secretary = await demoUser(cloud.baseUrl, '秘书处·王秘书长');
    const { token } = await signInAs(context, cloud.baseUrl, { userId: secretary });
    const month = 3;
    await api(cloud.baseUrl, token, '/events', {
      method: 'POST',
      body: JSON.stringify({
        title: EVENT_TITLE,
        kind: 'closed_door',
        startsAt: `${year}-0${month}-18T09:00:00+08:00`,
        endsAt: `${year}-0${month}-18T12:00:00+08:00`,
        place: '哈尔滨',
      }),
    });
    const page = await context.newPage();

    await step(page, 'stats-dashboard-desk', async () => {
      await page.goto(`/packages/stats/dashboard/index?year=${year}`);
      const card = visible(page, '[data-kpi="events_held"]');
      await card.waitFor();
      await card.getByText('举办活动').waitFor();
      await visible(page, '.ah-funnel').waitFor();
      await visible(page, '.ah-breakdown__row').first().waitFor();
      await page.waitForTimeout(500); // the chart draws on the next frame
      await screenshot(page, 'stats-dashboard-1280');
    });

    await step(page, 'stats-drill-down', async () => {
      const card = visible(page, '[data-kpi="events_held"]');
      await card.click();
      // The month row under the chart lists the figure; March opens the records behind it.
      const march = visible(page, '.ah-stats__month--link').filter({ hasText: `${month}月` });
      await march.click();
      await visible(page, '.ah-stat-records__item').filter({ hasText: EVENT_TITLE }).waitFor();
      await visible(page, '.ah-card__title')
        .filter({ hasText: `举办活动 · ${month}月` })
        .waitFor();
      await screenshot(page, 'stats-records-1280');
    });

    await step(page, 'stats-phone', async () => {
      const phone = await browser.newContext({
        ...PHONE,
        baseURL: cloud.baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      contexts.push(phone);
      await signInAs(phone, cloud.baseUrl, { userId: secretary });
      const small = await phone.newPage();
      await small.goto(`/packages/stats/dashboard/index?year=${year}`);
      await visible(small, '[data-kpi="events_held"]').waitFor();
      await small.waitForTimeout(500);
      await screenshot(small, 'stats-dashboard-390');
    });
  });
});
