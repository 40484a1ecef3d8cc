import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import type { AchievementDetailView, AuthResult, EventDetailView } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

const DEMAND = '高强铝合金薄壁件焊接变形控制';
const ACHIEVEMENTS = ['高强韧铝合金板材短流程制备技术', '镁合金表面微弧氧化防腐技术'];
const DESKTOP = { width: 1280, height: 900 };

/** Taro keeps earlier pages in the DOM, hidden; only the visible copy counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

async function api<T>(
  request: APIRequestContext,
  method: 'get' | 'post',
  url: string,
  token: string,
  data?: unknown,
): Promise<T> {
  const response = await request[method](url, { headers: { Authorization: `Bearer ${token}` }, data });
  if (!response.ok()) throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A browser context signed in as a demo user (by display name). */
async function contextAs(
  browser: Browser,
  baseUrl: string,
  displayName: string,
  viewport?: { width: number; height: number },
): Promise<{ context: BrowserContext; auth: AuthResult }> {
  const context = viewport
    ? await browser.newContext({ viewport, baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    : await newPhone(browser, baseUrl);
  const userId = await demoUserId(baseUrl, displayName);
  const auth = await signInAs(context, baseUrl, { userId });
  return { context, auth };
}

async function confirmModal(page: Page, expectedTitle: string) {
  const modal = page.locator('.taro__modal');
  await modal.locator('.taro-modal__title', { hasText: expectedTitle }).waitFor();
  await modal.locator('.taro-model__confirm').click();
  await modal.waitFor({ state: 'hidden' });
}

/** A form row by its label. */
const field = (page: Page, label: string) =>
  visible(page, '.ah-form-field').filter({ has: page.locator('.ah-form-field__label', { hasText: label }) });

/** Lets the page's slide-in animation finish so the screenshot shows the page, not the transition. */
const settle = (page: Page) => page.waitForTimeout(400);

skipWithoutBrowser('对接: publishing, review, search and 点菜式 selection at an event (H5 build)', () => {
  const { cloud, browser } = useCloudAndBrowser();

  it('should let a member publish a demand that the staff approve and everyone then finds', async () => {
    const member = await contextAs(browser, cloud.baseUrl, '周晓燕');
    const page = await member.context.newPage();

    await step(page, 'matchmaking-publish-demand', async () => {
      await page.goto('/pages/matchmaking/index');
      await visible(page, '.ah-tabs__tab').filter({ hasText: '技术需求' }).click();
      await visible(page, '.ah-publication-card').first().waitFor();
      await visible(page, '.ah-matchmaking__publish').click();
      await page.waitForURL('**/packages/matchmaking/demand-edit/index');
      // Empty submit: the shared schema's messages appear at their fields, nothing is sent.
      await visible(page, '.ah-edit__save').click();
      await visible(page, '.ah-form-field__error').filter({ hasText: '请至少选择 1 个领域' }).waitFor();
      await field(page, '需求名称').locator('input').fill(DEMAND);
      await field(page, '需求描述')
        .locator('textarea')
        .fill('6 系铝合金薄壁框架焊后变形超差。\n希望联合高校开发焊接工艺与变形预测方法。');
      await visible(page, '.ah-field-select__option').filter({ hasText: '金属材料' }).click();
      await visible(page, '.ah-mm-choices__option').filter({ hasText: '联合攻关' }).click();
      await field(page, '预算').locator('input[placeholder="下限"]').fill('50');
      await field(page, '预算').locator('input[placeholder="上限"]').fill('120');
      await screenshot(page, 'matchmaking-demand-form-390');
      await visible(page, '.ah-edit__save').click();
      await page.waitForURL('**/packages/matchmaking/detail/index?kind=demand&id=*');
      await visible(page, '[data-testid="status"]').filter({ hasText: '待审核' }).waitFor();
    });

    const coordinator = await contextAs(browser, cloud.baseUrl, '白衬衫·李明');
    const staff = await coordinator.context.newPage();
    await step(staff, 'matchmaking-review', async () => {
      await staff.goto('/packages/matchmaking/review/index');
      await visible(staff, '.ah-tabs__tab').filter({ hasText: '待审需求' }).click();
      const row = visible(staff, '.ah-mm-review__item').filter({ hasText: DEMAND });
      await row.waitFor();
      await row.locator('.ah-mm__button', { hasText: '通过并发布' }).click();
      await confirmModal(staff, '审核通过');
      await row.waitFor({ state: 'detached' });
    });

    await step(page, 'matchmaking-search-demand', async () => {
      await page.goto('/pages/matchmaking/index');
      await visible(page, '.ah-tabs__tab').filter({ hasText: '技术需求' }).click();
      await visible(page, '.ah-search-bar input').fill('焊接变形');
      const card = visible(page, '.ah-publication-card').filter({ hasText: DEMAND });
      await card.waitFor();
      await card.locator('.ah-publication-card__field', { hasText: '金属材料' }).waitFor();
      await card.locator('.ah-publication-card__badge', { hasText: '征集中' }).waitFor();
      await screenshot(page, 'matchmaking-tab-390');
    });
    await member.context.close();
    await coordinator.context.close();
  });

  it('should turn an enterprise representative’s two ticks at an event into two leads for the coordinator', async () => {
    const base = `${cloud.baseUrl}/api/v1`;
    const university = await contextAs(browser, cloud.baseUrl, '王立群');
    const secretariat = await contextAs(browser, cloud.baseUrl, '秘书处·王秘书长');
    const coordinator = await contextAs(browser, cloud.baseUrl, '白衬衫·李明');
    const request = university.context.request;

    const achievements: AchievementDetailView[] = [];
    for (const title of ACHIEVEMENTS) {
      const draft = await api<AchievementDetailView>(
        request,
        'post',
        `${base}/achievements`,
        university.auth.token,
        {
          title,
          summary: '成果简介：关键指标与应用场景。',
          detail: '技术原理。\n性能指标。',
          fields: ['metal_materials'],
          keywords: ['轻合金'],
          maturity: 'pilot',
          transferModes: ['license', 'joint_development'],
          priceWan: 300,
          ip: [{ kind: 'invention_patent', number: 'ZL202110123456.7' }],
        },
      );
      await api(request, 'post', `${base}/achievements/${draft.id}/submit`, university.auth.token, {});
      achievements.push(
        await api(request, 'post', `${base}/achievements/${draft.id}/approve`, secretariat.auth.token, {}),
      );
    }
    const now = Date.now();
    const event = await api<EventDetailView>(request, 'post', `${base}/events`, coordinator.auth.token, {
      title: '轻合金成果路演与点菜式对接会',
      kind: 'achievement_roadshow',
      startsAt: new Date(now + 3600_000).toISOString(),
      endsAt: new Date(now + 5 * 3600_000).toISOString(),
      place: '哈尔滨工业大学 活动中心',
      staff: [{ userId: coordinator.auth.user.id, duty: 'matchmaking' }],
      agenda: [
        {
          time: new Date(now + 3600_000).toISOString(),
          title: '成果路演：短流程铝合金板材',
          speaker: '王立群',
          organization: '哈尔滨工业大学',
          kind: 'achievement_roadshow',
          achievementId: achievements[0].id,
        },
      ],
    });

    const rep = await contextAs(browser, cloud.baseUrl, '周晓燕');
    const page = await rep.context.newPage();
    await step(page, 'matchmaking-event-roadshow', async () => {
      await page.goto(`/packages/events/detail/index?id=${event.id}`);
      await visible(page, '.ah-event-detail__agenda-link').filter({ hasText: ACHIEVEMENTS[0] }).waitFor();
      await visible(page, '.ah-event-detail__pick').click();
      await page.waitForURL('**/packages/matchmaking/pick/index?*');
    });

    await step(page, 'matchmaking-pick', async () => {
      for (const [index, title] of ACHIEVEMENTS.entries()) {
        const item = visible(page, '.ah-mm-pick__item').filter({ hasText: title });
        await item.locator('.ah-mm__button', { hasText: '勾选' }).click();
        if (index === 0) await item.locator('textarea').fill('想了解量产成本');
        await item.locator('.ah-mm-sheet .ah-mm__button', { hasText: '勾选' }).click();
        await item.locator('.ah-mm__button', { hasText: '已勾选' }).waitFor();
      }
      await visible(page, '[data-testid="tick-count"]').filter({ hasText: '已勾选 2 项' }).waitFor();
      await page.waitForTimeout(1600); // the 已勾选 toast fades after 1.5 s
      await screenshot(page, 'matchmaking-pick-390');
    });

    const staff = await coordinator.context.newPage();
    await step(staff, 'matchmaking-leads', async () => {
      await staff.goto(`/packages/events/detail/index?id=${event.id}`);
      await visible(staff, '.ah-event-detail__leads').click();
      await staff.waitForURL('**/packages/matchmaking/leads/index?*');
      for (const title of ACHIEVEMENTS) {
        await visible(staff, '.ah-mm-lead')
          .filter({ hasText: title })
          .filter({ hasText: '周晓燕' })
          .waitFor();
      }
      expect(await visible(staff, '.ah-mm-lead').count()).toBe(2);
      await visible(staff, '.ah-mm-lead').filter({ hasText: '想了解量产成本' }).waitFor();
      await screenshot(staff, 'matchmaking-leads-390');
      const first = visible(staff, '.ah-mm-lead').filter({ hasText: ACHIEVEMENTS[0] });
      await first.locator('.ah-mm__button', { hasText: '标记已处理' }).click();
      await first.waitFor({ state: 'detached' });
      expect(await visible(staff, '.ah-mm-lead').count()).toBe(1);
    });

    // Screenshots of the 对接 tab, a detail page and a form on a phone and at a desk.
    await step(page, 'matchmaking-detail-390', async () => {
      await page.goto(`/packages/matchmaking/detail/index?kind=achievement&id=${achievements[0].id}`);
      await visible(page, '.ah-mm-detail__title').filter({ hasText: ACHIEVEMENTS[0] }).waitFor();
      await visible(page, '.ah-mm-contacts').waitFor();
      await settle(page);
      await screenshot(page, 'matchmaking-detail-390');
    });
    const desk = await contextAs(browser, cloud.baseUrl, '王立群', DESKTOP);
    const wide = await desk.context.newPage();
    await step(wide, 'matchmaking-desktop', async () => {
      await wide.goto('/pages/matchmaking/index');
      await visible(wide, '.ah-publication-card').filter({ hasText: ACHIEVEMENTS[1] }).waitFor();
      await screenshot(wide, 'matchmaking-tab-1280');
      await wide.goto(`/packages/matchmaking/detail/index?kind=achievement&id=${achievements[0].id}`);
      // The owner sees the interest counts: one 点菜 tick so far.
      await visible(wide, '[data-testid="interest"]').waitFor();
      await settle(wide);
      await screenshot(wide, 'matchmaking-detail-1280');
      await wide.goto('/packages/matchmaking/achievement-edit/index');
      await field(wide, '成果名称').locator('input').waitFor();
      // A member publishes for their own organization: it is filled in, not chosen.
      await field(wide, '所属单位').filter({ hasText: '哈尔滨工业大学' }).waitFor();
      await visible(wide, '.ah-edit__save').click();
      await visible(wide, '.ah-form-field__error').filter({ hasText: '请选择成熟度' }).waitFor();
      await screenshot(wide, 'matchmaking-form-1280');
    });

    for (const c of [university, secretariat, coordinator, rep, desk]) await c.context.close();
  });
});
