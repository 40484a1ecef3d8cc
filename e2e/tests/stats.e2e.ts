import type { Page } from 'playwright-core';
import type { DevUserView } from '@alliance-hub/types';
import { PHONE, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
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

/**
 * The month chart's drawing as the browser holds it: how many pixels are painted (not blank or
 * white) and the canvas's backing size against its CSS size (the pixel ratio it was drawn at).
 */
async function chartPixels(page: Page) {
  const canvas = visible(page, 'canvas[data-testid="month-chart"]');
  await canvas.waitFor();
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const context = element.getContext('2d');
    const box = element.getBoundingClientRect();
    let painted = 0;
    if (context && element.width && element.height) {
      const { data } = context.getImageData(0, 0, element.width, element.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) painted++;
      }
    }
    return { painted, ratio: element.width / box.width, cssWidth: box.width };
  });
}

/** Polls `read` until `accept` holds (the chart draws on a later frame); returns the last reading. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeout = 10_000) {
  const until = Date.now() + timeout;
  let value = await read();
  while (!accept(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

async function demoUser(baseUrl: string, displayName: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/dev/users`);
  const { items } = (await response.json()) as { items: DevUserView[] };
  const user = items.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no demo user ${displayName}`);
  return user.id;
}

skipWithoutBrowser('stats: the dashboard on a desk and a phone, drilling down to records (H5 build)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser({ env: { AUTH_DEV_LOGIN: '1' } });
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

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
      // The chart draws on a later frame: wait until it has painted bars, axes and legend.
      const drawn = await eventually(
        () => chartPixels(page),
        (c) => c.painted > 1500,
      );
      expect(drawn.painted).toBeGreaterThan(1500);
      await screenshot(page, 'stats-dashboard-1280');
    });

    await step(page, 'stats-chart-cumulative', async () => {
      const before = await chartPixels(page);
      await visible(page, '.ah-stats__mode').filter({ hasText: '累计' }).first().click();
      await visible(page, '.ah-card__title').filter({ hasText: '累计与目标进度' }).waitFor();
      // The running totals and the target's pace are drawn as lines: still painted, and differently.
      const lines = await eventually(
        () => chartPixels(page),
        (c) => c.painted > 800 && c.painted !== before.painted,
      );
      expect(lines.painted).toBeGreaterThan(800);
      expect(lines.painted).not.toBe(before.painted);
      await visible(page, '.ah-stats__mode').filter({ hasText: '逐月' }).first().click();
    });

    await step(page, 'stats-funnel-drill-down', async () => {
      // 签约 in the demo's funnel: the number on the dashboard is the list behind it.
      const row = visible(page, '.ah-funnel__row[data-stage="signed"]');
      const shown = Number(await row.locator('.ah-funnel__count').innerText());
      expect(shown).toBeGreaterThan(0);
      await row.click();
      await visible(page, '.ah-card__title')
        .filter({ hasText: `进入签约 · ${year}年` })
        .waitFor();
      await visible(page, '.ah-stat-records__summary')
        .filter({ hasText: `共 ${shown} 条记录` })
        .waitFor();
      const listed = await eventually(
        () => visible(page, '.ah-stat-records__item').count(),
        (n) => n === Math.min(shown, 20),
      );
      expect(listed).toBe(Math.min(shown, 20));
      await screenshot(page, 'stats-funnel-records-1280');
      // Each one opens its intent.
      await visible(page, '.ah-stat-records__item').first().click();
      await page.waitForURL(/packages\/intents\/detail/);
      await page.goto(`/packages/stats/dashboard/index?year=${year}`);
      await visible(page, '[data-kpi="events_held"]').waitFor();
    });

    await step(page, 'stats-report-downloads', async () => {
      // Both reports come through the request wrapper (token, progress) and land as files.
      for (const [label, extension] of [
        ['导出 Excel', 'xlsx'],
        ['年度报告 Word', 'docx'],
      ] as const) {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 120_000 }),
          visible(page, '.ah-stats__action').filter({ hasText: label }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`${year}年度统计报告.${extension}`);
        // The progress line goes once the file is handed over, and the buttons work again.
        await page
          .locator('[role="status"]:visible')
          .filter({ hasText: /正在(生成|下载)/ })
          .waitFor({ state: 'hidden' });
      }
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
      // Drawn at the phone's pixel ratio (2), so the bars are sharp, and not blank.
      const chart = await eventually(
        () => chartPixels(small),
        (c) => c.painted > 1500,
      );
      expect(chart.painted).toBeGreaterThan(1500);
      expect(chart.ratio).toBeCloseTo(2, 1);
      await screenshot(small, 'stats-dashboard-390');
    });
  });
});
