import type { BrowserContext, Page } from 'playwright-core';
import type { InteractionPage, TaskListView } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInWithWechatAs } from '../support/sign-in';

const ORG = '大庆华科新材料有限公司';
const FOLLOW_UP = '寄送高温合金样品';

/** Taro keeps earlier pages in the DOM, hidden; only the visible copy counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/** Straight from Node, so the browser context's offline switch does not apply to the checks. */
async function api<T>(baseUrl: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function post<T>(baseUrl: string, token: string | null, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type SentMessage = {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
};

/** What the fake WeChat server recorded (test controls, TEST_CONTROLS=1 only). */
async function dueRemindersSent(baseUrl: string): Promise<SentMessage[]> {
  const response = await fetch(`${baseUrl}/api/v1/test/wechat/subscribe-messages`);
  const { items } = (await response.json()) as { items: SentMessage[] };
  return items.filter((m) => m.template_id === 'task-due-template' && m.data.thing1?.value === FOLLOW_UP);
}

/** Moves cloud's clock forward and runs whatever the shared scheduler then finds due. */
const advanceClock = (baseUrl: string, ms: number) =>
  post<{ now: string; ran: string[] }>(baseUrl, null, '/test/clock', { advanceMs: ms });

const DAY_MS = 24 * 3600_000;

async function queuedCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    const raw = window.localStorage.getItem('ah.outbox');
    if (!raw) return 0;
    // Taro's H5 storage wraps each value as {"data": …}.
    const stored = JSON.parse(raw) as { data: string };
    return (JSON.parse(stored.data) as { items: unknown[] }).items.length;
  });
}

async function atWidths(page: Page, name: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

skipWithoutBrowser(
  'interactions: a quick log made offline syncs once and its follow-up is in 我的待办 (H5 build)',
  () => {
    let context: BrowserContext;
    // TEST_CONTROLS: a clock the test moves, and the fake WeChat server's record of sends.
    const { cloud, browser } = useCloudAndBrowser({
      env: { AUTH_DEV_LOGIN: '1', TEST_CONTROLS: '1' },
      beforeStop: () => context?.close(),
    });

    it('should queue a visit with a follow-up offline, sync it exactly once, list the follow-up and remind when due', async () => {
      context = await newPhone(browser, cloud.baseUrl);
      // Signed in through WeChat, so the coordinator has an openid and can receive a subscribe message.
      const { token } = await signInWithWechatAs(context, cloud.baseUrl, 'coordinator');
      await post(cloud.baseUrl, token, '/me/subscriptions', { accepted: ['task_due'] });
      const orgs = await api<{ items: Array<{ id: string }> }>(
        cloud.baseUrl,
        token,
        `/organizations?q=${encodeURIComponent(ORG)}`,
      );
      const orgId = orgs.items[0].id;
      const page = await context.newPage();

      await step(page, 'org-page-offers-quick-log', async () => {
        await page.goto(`/packages/directory/org/index?id=${orgId}`);
        await visible(page, '.ah-detail__log').waitFor();
        await visible(page, '.ah-timeline__entry').first().waitFor(); // the demo data's published demand
      });

      await step(page, 'quick-log-offline', async () => {
        await visible(page, '.ah-detail__log').click();
        await visible(page, '.ah-quick-log').waitFor();
        await visible(page, '.ah-quick-log__who').getByText(ORG).waitFor();
        // The network drops while the form is open.
        await context.setOffline(true);
        await visible(page, '[role="radio"]').getByText('走访').click();
        await visible(page, '[role="checkbox"]').click();
        await visible(page, '.ah-quick-log__title textarea, textarea.ah-quick-log__title').fill(FOLLOW_UP);
        await visible(page, '.ah-quick-log__note textarea, textarea.ah-quick-log__note').fill(
          '参观中试线，对方想要样品',
        );
        await atWidths(page, 'interactions-quick-log');
        await visible(page, '.ah-quick-log__save').click();
        await page.getByText('已保存，待同步').first().waitFor();
        await visible(page, '.ah-detail__log').waitFor(); // back on the organization page
        expect(await queuedCount(page)).toBe(1);
        const none = await api<InteractionPage>(cloud.baseUrl, token, `/interactions?orgId=${orgId}`);
        expect(none.items).toHaveLength(0);
      });

      await step(page, 'back-online-syncs-once', async () => {
        await context.setOffline(false);
        await page.waitForFunction(
          () => {
            const raw = window.localStorage.getItem('ah.outbox');
            return raw
              ? (JSON.parse(JSON.parse(raw).data) as { items: unknown[] }).items.length === 0
              : false;
          },
          undefined,
          { timeout: 30_000 },
        );
        // Another flush trigger (the retry timer, a second network event) must not store it again.
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await page.waitForTimeout(1_500);
        const logged = await api<InteractionPage>(cloud.baseUrl, token, `/interactions?orgId=${orgId}`);
        expect(logged.items).toHaveLength(1);
        expect(logged.items[0]).toMatchObject({ type: 'visit', note: '参观中试线，对方想要样品' });
        expect(logged.items[0].followUpTaskId).not.toBeNull();
        const tasks = await api<TaskListView>(cloud.baseUrl, token, '/tasks');
        expect(tasks.items.filter((t) => t.title === FOLLOW_UP)).toHaveLength(1);
      });

      await step(page, 'timeline-shows-the-visit', async () => {
        await page.goto(`/packages/directory/org/index?id=${orgId}`);
        await visible(page, '.ah-timeline__entry').first().waitFor();
        await visible(page, '.ah-timeline__note').getByText('参观中试线，对方想要样品').waitFor();
        await atWidths(page, 'interactions-org-timeline');
      });

      await step(page, 'follow-up-in-my-tasks', async () => {
        await page.goto('/pages/me/index');
        await visible(page, '[aria-label="我的待办"]').first().click();
        await visible(page, '.ah-task__title').getByText(FOLLOW_UP).waitFor();
        await atWidths(page, 'interactions-my-tasks');
      });

      await step(page, 'reminder-sent-once-when-due', async () => {
        expect(await dueRemindersSent(cloud.baseUrl)).toHaveLength(0);
        // The follow-up is due in three days at 10:00 (the quick log's default): move past it.
        const moved = await advanceClock(cloud.baseUrl, 4 * DAY_MS);
        expect(moved.ran).toContain('tasks.due-reminders');
        const sent = await dueRemindersSent(cloud.baseUrl);
        expect(sent).toHaveLength(1);
        const tasks = await api<TaskListView>(cloud.baseUrl, token, '/tasks?bucket=overdue');
        const task = tasks.items.find((t) => t.title === FOLLOW_UP);
        expect(task).toBeDefined();
        expect(sent[0].page).toBe(`packages/interactions/tasks/index?id=${task?.id}`);
        // Later sweeps (another hour, another process's tick) never send it again.
        await advanceClock(cloud.baseUrl, 3600_000);
        expect(await dueRemindersSent(cloud.baseUrl)).toHaveLength(1);
        const badges = await api<{ tasksDue: number; unreadReminders: number }>(
          cloud.baseUrl,
          token,
          '/me/badges',
        );
        expect(badges).toMatchObject({ tasksDue: 1, unreadReminders: 1 });

        await page.goto('/packages/interactions/tasks/index');
        await visible(page, '[role="tab"][aria-selected="true"]').getByText('已逾期 1').waitFor();
        await visible(page, '.ah-task--overdue .ah-task__title').getByText(FOLLOW_UP).waitFor();
        await atWidths(page, 'interactions-my-tasks-overdue');
      });
    }, 180_000);
  },
);
