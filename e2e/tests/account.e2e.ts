import type { BrowserContext, Page } from 'playwright-core';
import { newPhone, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const ME = '/pages/me/index';

/** Taro H5 renders Button as <taro-button-core>, which has no button role. */
const button = (page: Page, name: string) => page.locator('taro-button-core', { hasText: name }).first();

async function confirmModal(page: Page, expectedTitle: string) {
  const modal = page.locator('.taro__modal');
  await modal.locator('.taro-modal__title', { hasText: expectedTitle }).waitFor();
  await modal.locator('.taro-model__confirm').click();
  await modal.waitFor({ state: 'hidden' });
}

async function signInThroughChooser(page: Page, name: string, roleLabel: string) {
  await page.goto(ME);
  await page.getByText('自定义', { exact: true }).waitFor();
  await page.locator('.ah-me__custom input').fill(name);
  await page.getByRole('radio', { name: roleLabel }).click();
  await page.locator('.ah-me__custom taro-button-core', { hasText: '登录' }).click();
  await page.locator('.ah-me__name', { hasText: name }).waitFor();
}

skipWithoutBrowser('account: sign-in, membership application and review (H5 build served by cloud)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser({ env: { AUTH_DEV_LOGIN: '1' } });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function phone(): Promise<BrowserContext> {
    const context = await newPhone(browser, cloud.baseUrl);
    contexts.push(context);
    return context;
  }

  it('should make a guest a member after the secretariat approves, without signing in again', async () => {
    const applicant = await (await phone()).newPage();
    const orgName = '沈阳精研合金材料有限公司';

    await step(applicant, 'account-guest-signs-in', async () => {
      await signInThroughChooser(applicant, '访客·钱多多', '访客');
      await applicant.locator('.ah-me__role', { hasText: '访客' }).waitFor();
    });

    await step(applicant, 'account-apply-validation', async () => {
      await button(applicant, '申请加入联盟').click();
      await applicant.getByText('单位信息').waitFor();
      await button(applicant, '提交申请').click();
      await applicant.getByText('请填写单位名称').waitFor();
      await applicant.getByText('请选择单位类型').waitFor();
      const field = (label: string) =>
        applicant.locator('.ah-form-field', {
          has: applicant.locator('.ah-form-field__label', { hasText: label }),
        });
      await field('手机号码').locator('input').fill('12345');
      await button(applicant, '提交申请').click();
      await field('手机号码').getByText('请输入 11 位手机号码').waitFor();
    });

    await step(applicant, 'account-apply-submit', async () => {
      const field = (label: string) =>
        applicant.locator('.ah-form-field', {
          has: applicant.locator('.ah-form-field__label', { hasText: new RegExp(`^${label}`) }),
        });
      await field('单位名称').locator('input').fill(orgName);
      await applicant.getByRole('radio', { name: '企业' }).click();
      await field('所在省份').locator('input').fill('辽宁省');
      await field('所在城市').locator('input').fill('沈阳市');
      await field('职务').locator('input').fill('技术总监');
      await field('手机号码').locator('input').fill('138 0013 8000');
      await field('留言').locator('textarea').fill('希望对接高校的高温合金研究团队');
      await button(applicant, '提交申请').click();
      await applicant.waitForURL(`**${ME}*`);
      await applicant.locator('.ah-me__status', { hasText: '待审核' }).waitFor();
      await applicant.getByText(`申请单位：${orgName}`).waitFor();
    });

    const secretariat = await (await phone()).newPage();
    await step(secretariat, 'account-secretariat-approves', async () => {
      const dev = await secretariat.request.get(`${cloud.baseUrl}/api/v1/auth/dev/users`);
      const { items } = (await dev.json()) as { items: Array<{ id: string; role: string }> };
      const admin = items.find((user) => user.role === 'secretariat');
      if (!admin) throw new Error('no demo secretariat user');
      await signInAs(secretariat.context(), cloud.baseUrl, { userId: admin.id });
      await secretariat.goto(ME);
      await secretariat.locator('.ah-me__role', { hasText: '秘书处' }).waitFor();
      await secretariat.locator('.ah-me__count', { hasText: '1' }).waitFor();
      await secretariat.getByRole('link', { name: '入会申请审核' }).click();
      const item = secretariat.locator('.ah-review__item', { hasText: orgName });
      await item.getByText('将新建成员单位').waitFor();
      await item.getByText('钱多多', { exact: false }).first().waitFor();
      await item.getByText('13800138000').waitFor();
      await item.locator('taro-button-core', { hasText: '通过' }).click();
      await confirmModal(secretariat, '通过申请');
      await item.waitFor({ state: 'detached' });
      await secretariat.getByText('暂无待审核的申请').waitFor();
      await secretariat.getByRole('tab', { name: '已通过' }).click();
      await secretariat.locator('.ah-review__item', { hasText: orgName }).waitFor();
    });

    await step(applicant, 'account-applicant-is-member', async () => {
      // Back on 我的 (a tab switch fires useDidShow; a reload restores the stored session).
      await applicant.reload();
      await applicant.locator('.ah-me__role', { hasText: '成员单位代表' }).waitFor();
      await applicant.locator('.ah-me__org', { hasText: orgName }).waitFor();
      await applicant.locator('.ah-me__custom').waitFor({ state: 'detached' });
      expect(await applicant.locator('.ah-me__application').count()).toBe(0);
    });
  });

  it('should ask before logging out and then show the sign-in chooser again', async () => {
    const page = await (await phone()).newPage();
    await step(page, 'account-logout', async () => {
      await signInThroughChooser(page, '协调员·孙一', '协调员');
      await button(page, '退出登录').click();
      const modal = page.locator('.taro__modal');
      await modal.locator('.taro-modal__title', { hasText: '退出登录' }).waitFor();
      await modal.locator('.taro-model__cancel').click();
      await page.locator('.ah-me__name', { hasText: '协调员·孙一' }).waitFor();

      await button(page, '退出登录').click();
      await confirmModal(page, '退出登录');
      await page.getByText('选择演示用户').waitFor();
      expect(await page.evaluate(() => window.localStorage.getItem('ah.session.token'))).toBeNull();
    });
  });
});
