import type { BrowserContext, Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const button = (page: Page, name: string) =>
  visible(page, 'taro-button-core').filter({ hasText: name }).first();
const field = (page: Page, label: string) =>
  visible(page, '.ah-form-field').filter({
    has: page.locator('.ah-form-field__label', { hasText: new RegExp(`^${label}`) }),
  });

/** True when the element's box lies inside the viewport (what the user can see without scrolling). */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
}

skipWithoutBrowser('forms and search as users hit them (#10 items 24, 25; H5 build served by cloud)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser();

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function phone(): Promise<BrowserContext> {
    const context = await newPhone(browser, cloud.baseUrl);
    contexts.push(context);
    return context;
  }

  it('should show 首页 signed in right after signing in on 我的, without a tap', async () => {
    const page = await (await phone()).newPage();
    await step(page, 'home-signed-out', async () => {
      await page.goto('/pages/index/index');
      await visible(page, '.ah-home__sign-in').filter({ hasText: '登录后查看近期活动' }).waitFor();
      expect(await page.getByText('请先登录').count()).toBe(0);
    });
    await step(page, 'home-after-sign-in', async () => {
      await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
      await page.getByText('自定义', { exact: true }).waitFor();
      await page.locator('.ah-me__custom input').fill('首页·新会员');
      await page.getByRole('radio', { name: '成员单位代表' }).click();
      await page.locator('.ah-me__custom taro-button-core', { hasText: '登录' }).click();
      await page.locator('.ah-me__name', { hasText: '首页·新会员' }).waitFor();
      await page.locator('.weui-tabbar__item', { hasText: '首页' }).click();
      await page.waitForURL('**/pages/index/index*');
      // The member's home shows its events block filled (or saying there are none) on its own:
      // no 请先登录, no tap.
      const events = visible(page, '.ah-home-block[aria-label="近期活动"]');
      await events
        .locator('.ah-event-row, .ah-home-row')
        .first()
        .or(events.getByText(/近期暂无活动/))
        .waitFor();
      expect(await visible(page, '.ah-home__sign-in').count()).toBe(0);
      expect(await page.getByText('请先登录').count()).toBe(0);
      await screenshot(page, 'home-signed-in-without-tap');
    });
  });

  it('should open 申请加入联盟 cleanly, say a limit in plain Chinese and scroll to the first error', async () => {
    const context = await phone();
    await signInAs(context, cloud.baseUrl, { name: '访客·表单', role: 'guest' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    await step(page, 'apply-opens-without-errors', async () => {
      await page.goto('/packages/account/apply/index');
      await page.getByText('单位信息').waitFor();
      await field(page, '姓名').locator('input').waitFor();
      expect(await field(page, '姓名').locator('input').inputValue()).toBe('访客·表单');
      await page.waitForTimeout(300);
      expect(consoleErrors.filter((text) => /reading 'value'/.test(text))).toEqual([]);
    });

    await step(page, 'apply-limit-and-scroll', async () => {
      const longName = '沈阳'.repeat(43); // 86 characters: typed in full, not cut at 80
      await field(page, '单位名称').locator('input').fill(longName);
      expect(await field(page, '单位名称').locator('input').inputValue()).toBe(longName);
      await field(page, '单位名称')
        .locator('.ah-form-field__error', { hasText: '最多 80 个字（已输入 86 个）' })
        .waitFor();
      // Submit from the bottom of the form: the first problem is far above.
      await button(page, '提交申请').scrollIntoViewIfNeeded();
      expect(await onScreen(page, '.ah-form-field--invalid:visible')).toBe(false);
      await button(page, '提交申请').click();
      await page.waitForFunction(() => {
        const first = document.querySelector('.ah-form-field--invalid');
        if (!first) return false;
        const box = first.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
      await field(page, '单位名称').getByText('最多 80 个字（已输入 86 个）').waitFor();
      await screenshot(page, 'apply-first-error-in-view');
    });

    await step(page, 'apply-error-clears-when-fixed', async () => {
      await field(page, '单位名称').locator('input').fill('沈阳精研合金材料有限公司');
      expect(await field(page, '单位名称').locator('.ah-form-field__error').count()).toBe(0);
    });
    expect(consoleErrors.filter((text) => /reading 'value'/.test(text))).toEqual([]);
  });

  it('should take a mobile typed with +86 on my card and keep it as 11 digits', async () => {
    const context = await phone();
    await signInAs(context, cloud.baseUrl, { name: '名片·手机', role: 'member' });
    const page = await context.newPage();
    await step(page, 'card-mobile-plus86', async () => {
      await page.goto('/packages/cards/my-card/index');
      await visible(page, '.ah-my-card__menu-row').filter({ hasText: '编辑名片' }).click();
      const mobile = field(page, '手机').locator('input');
      await mobile.fill('+86 138 0013 8000');
      expect(await mobile.inputValue()).toBe('+86 138 0013 8000');
      expect(await mobile.getAttribute('type')).not.toBe('number');
      await button(page, '保存').click();
      await visible(page, '.ah-my-card__menu-row').filter({ hasText: '编辑名片' }).waitFor();
      const response = await context.request.get(`${cloud.baseUrl}/api/v1/me/card`, {
        headers: { Authorization: `Bearer ${await tokenOf(page)}` },
      });
      expect(((await response.json()) as { contacts: { mobile: string } }).contacts.mobile).toBe(
        '13800138000',
      );
    });
  });

  it('should find a contact by the words of my private note', async () => {
    const holderContext = await phone();
    const holder = await signInAs(holderContext, cloud.baseUrl, { name: '备注·持卡人', role: 'member' });
    const seekerContext = await phone();
    const seeker = await signInAs(seekerContext, cloud.baseUrl, { name: '备注·搜索人', role: 'member' });
    const api = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    // Set up the exchange through the API; what is tested is the search box.
    await holderContext.request.put(`${cloud.baseUrl}/api/v1/me/card`, {
      ...api(holder.token),
      data: { title: '总工程师' },
    });
    const swapToken = (await (
      await holderContext.request.post(`${cloud.baseUrl}/api/v1/me/card/tokens`, api(holder.token))
    ).json()) as { token: string };
    const swapped = (await (
      await seekerContext.request.post(`${cloud.baseUrl}/api/v1/cards/swap`, {
        ...api(seeker.token),
        data: { token: swapToken.token },
      })
    ).json()) as { contact: { id: string } };
    await seekerContext.request.patch(`${cloud.baseUrl}/api/v1/contacts/${swapped.contact.id}`, {
      ...api(seeker.token),
      data: { note: '对方想做镁合金压铸，下周回访' },
    });

    const page = await seekerContext.newPage();
    await step(page, 'contacts-search-note', async () => {
      await page.goto('/packages/cards/contacts/index');
      await visible(page, '[data-testid="contact-row"]').filter({ hasText: '备注·持卡人' }).waitFor();
      await visible(page, '.ah-contacts__search-input input').fill('镁合金压铸');
      await page.waitForTimeout(600); // the search is debounced
      await visible(page, '[data-testid="contact-row"]').filter({ hasText: '备注·持卡人' }).waitFor();
      await visible(page, '.ah-contacts__search-input input').fill('钛合金');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="contact-row"]').length === 0,
        undefined,
        { timeout: 5000 },
      );
      await visible(page, '.ah-contacts__search-input input').fill('回访');
      await visible(page, '[data-testid="contact-row"]').filter({ hasText: '备注·持卡人' }).waitFor();
      await screenshot(page, 'contacts-search-by-note');
    });
  });

  it('should list 哈工大 people under 专家, explain 索要名片 for someone without an account', async () => {
    const context = await phone();
    await signInAs(context, cloud.baseUrl, { name: '专家·搜索', role: 'member' });
    const page = await context.newPage();
    await step(page, 'people-search-alias', async () => {
      await page.goto('/pages/directory/index');
      await visible(page, '.ah-directory__mode').filter({ hasText: '专家' }).click();
      await visible(page, '.ah-search-bar input').fill('哈工大');
      await visible(page, '.ah-person-row').filter({ hasText: '王立群' }).waitFor();
      await page.waitForTimeout(600);
      const rows = await visible(page, '.ah-person-row').allInnerTexts();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toContain('哈尔滨工业大学');
      expect(rows.join('\n')).not.toContain('哈尔滨理工大学');
      await screenshot(page, 'people-search-hit-alias');
    });
    await step(page, 'person-without-account', async () => {
      // 陈思远 is in the directory but never signed up (王立群 has a demo account).
      await visible(page, '.ah-person-row').filter({ hasText: '陈思远' }).click();
      await page.waitForURL('**/packages/directory/person/index?id=*');
      await visible(page, '[data-testid="no-account"]')
        .filter({ hasText: '对方还没有开通联盟通账号，暂时无法索要名片' })
        .waitFor();
      expect(await visible(page, '.ah-detail__request-card').count()).toBe(0);
      await page.waitForTimeout(400);
      await screenshot(page, 'person-without-account');
    });
  });

  it('should give the user-management search box the width of the row', async () => {
    for (const width of [390, 1280]) {
      const context = await phone();
      await signInAs(context, cloud.baseUrl, { name: '秘书处·用户管理', role: 'secretariat' });
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await step(page, `users-search-${width}`, async () => {
        await page.goto('/packages/account/users/index');
        const box = visible(page, '.ah-users__search .ah-search-bar');
        await box.waitFor();
        const rowWidth = (await visible(page, '.ah-users__search').boundingBox())!.width;
        const boxWidth = (await box.boundingBox())!.width;
        expect(boxWidth).toBeGreaterThan(rowWidth * 0.6);
        await box.locator('input').fill('秘书处');
        await button(page, '搜索').click();
        // Cards on a phone, a table at a desk (>= 1024 px).
        await visible(page, width >= 1024 ? '.ah-data-table__row' : '.ah-users__item')
          .filter({ hasText: '秘书处·用户管理' })
          .first()
          .waitFor();
        await screenshot(page, `users-search-${width}`);
      });
    }
  });
});

async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => {
    const raw = window.localStorage.getItem('ah.session.token');
    return raw ? (JSON.parse(raw) as { data: string }).data : '';
  });
}
