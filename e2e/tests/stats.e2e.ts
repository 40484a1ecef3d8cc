import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { MatchListView, MatchReasonsView } from '@alliance-hub/types';
import { ARTIFACTS, PHONE, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

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
    const secretary = await demoUserId(cloud.baseUrl, '秘书处·王秘书长');
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
    // Two demo matches turned down as 不合适, for different reasons (#15).
    const demands = await api<{ items: Array<{ id: string }> }>(cloud.baseUrl, token, '/demands?limit=20');
    const reasons = ['cost', 'not_our_field'] as const;
    let marked = 0;
    for (const demand of demands.items) {
      const list = await api<MatchListView>(cloud.baseUrl, token, `/demands/${demand.id}/matches`);
      for (const result of list.results.filter((r) => r.kind === 'achievement')) {
        if (marked === reasons.length) break;
        await api(cloud.baseUrl, token, `/demands/${demand.id}/matches/feedback`, {
          method: 'POST',
          body: JSON.stringify({
            targetKind: 'achievement',
            targetId: result.id,
            verdict: 'dismissed',
            reason: reasons[marked],
          }),
        });
        marked++;
      }
      if (marked === reasons.length) break;
    }
    expect(marked).toBe(reasons.length);
    const byReason = await api<MatchReasonsView>(cloud.baseUrl, token, `/stats/${year}/match-reasons`);
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

    await step(page, 'stats-match-reasons', async () => {
      // Beside 精准对接反馈: the year's 不合适 marks by reason, each opening the marks behind it.
      const card = visible(page, '.ah-reasons');
      await card.waitFor();
      await card.getByText(`共 ${byReason.total} 条`, { exact: false }).first().waitFor();
      const cost = byReason.reasons.find((r) => r.key === 'cost')!;
      expect(cost.value).toBeGreaterThanOrEqual(1);
      const row = visible(page, '.ah-reasons__row[data-reason="cost"]');
      expect(await row.locator('.ah-reasons__count').innerText()).toBe(String(cost.value));
      await card.scrollIntoViewIfNeeded();
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await card.screenshot({ path: path.join(ARTIFACTS, 'stats-match-reasons-1280.png') });
      await row.click();
      await visible(page, '.ah-card__title')
        .filter({ hasText: `不合适 · 成本不合适 · ${year}年` })
        .waitFor();
      await visible(page, '.ah-stat-records__item')
        .filter({ hasText: '不合适（成本不合适）' })
        .first()
        .waitFor();
      expect(await visible(page, '.ah-stat-records__item').count()).toBe(cost.value);
      await screenshot(page, 'stats-match-reasons-records-1280');
      await page.goto(`/packages/stats/dashboard/index?year=${year}`);
      await visible(page, '[data-kpi="events_held"]').waitFor();
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

    await step(page, 'stats-catching-up', async () => {
      // While the counters are being brought up to date (a first start, a bulk import) the API
      // flags catchingUp and the reports answer 409 STATS_CATCHING_UP: the screen says both.
      await page.route(`**/api/v1/stats/${year}`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, json: { ...(await response.json()), catchingUp: true } });
      });
      await page.route(`**/api/v1/reports/${year}.xlsx`, (route) =>
        route.fulfill({
          status: 409,
          json: {
            error: {
              code: 'STATS_CATCHING_UP',
              message: '统计数据正在更新，请几分钟后再导出报告',
              requestId: 'e2e',
            },
          },
        }),
      );
      await page.goto(`/packages/stats/dashboard/index?year=${year}`);
      const notice = visible(page, '.ah-stats__notice').filter({ hasText: '正在更新统计，数字可能稍有滞后' });
      await notice.waitFor();
      await visible(page, '.ah-stats__action').filter({ hasText: '导出 Excel' }).click();
      const refused = visible(page, '.ah-stats__notice--error');
      await refused.filter({ hasText: '请稍后再试' }).waitFor();
      await refused.getByText('再试一次').waitFor();
      await screenshot(page, 'stats-catching-up-1280');
      await page.unrouteAll();
      // 刷新 reads the figures again: caught up, the line goes.
      await notice.locator('.ah-stats__notice-action').click();
      await notice.waitFor({ state: 'hidden' });
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
      const reasonsCard = visible(small, '.ah-reasons');
      await reasonsCard.scrollIntoViewIfNeeded();
      await reasonsCard.screenshot({ path: path.join(ARTIFACTS, 'stats-match-reasons-390.png') });
    });
  });
});
