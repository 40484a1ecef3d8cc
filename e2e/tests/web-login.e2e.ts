import type { Browser, BrowserContext } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const DESKTOP = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

skipWithoutBrowser('web sign-in by scanning: a desk browser and the phone that confirms (#16)', () => {
  const { cloud, browser, contexts } = useCloudAndBrowser();

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function context(options: Parameters<Browser['newContext']>[0] | 'phone'): Promise<BrowserContext> {
    const created =
      options === 'phone'
        ? await newPhone(browser, cloud.baseUrl)
        : await browser.newContext({ ...options, baseURL: cloud.baseUrl });
    contexts.push(created);
    return created;
  }

  it('should sign the desk browser in as the phone user once the phone confirms', async () => {
    const desk = await (await context(DESKTOP)).newPage();
    const phoneContext = await context('phone');
    const phoneUser = await signInAs(phoneContext, cloud.baseUrl, {
      name: '秘书处·扫码测试',
      role: 'secretariat',
    });
    const phone = await phoneContext.newPage();

    const ticket = await step(desk, 'web-login-qr', async () => {
      await desk.goto('/pages/me/index');
      await desk.getByText('微信扫码登录').waitFor();
      const code = desk.locator('[aria-label="登录小程序码"]');
      await code.waitFor();
      await screenshot(desk, 'web-login-desk-qr-1280');
      const id = await code.getAttribute('data-ticket');
      expect(id).toMatch(/^[a-f\d]{24}$/);
      return id as string;
    });

    await step(phone, 'web-login-phone-asks', async () => {
      // The dev stand-in for WeChat's scan: the page the mini-program code opens, with the ticket.
      await phone.goto(`/packages/account/web-login/index?ticket=${ticket}`);
      await phone.getByText('在电脑上登录联盟通？').waitFor();
      await phone.getByText(/电脑 · .*浏览器/).waitFor();
      await phone.getByText(`登录账号：${phoneUser.user.displayName}（秘书处）`).waitFor();
      await desk.getByText('已扫码，请在手机上确认登录').waitFor();
      await screenshot(phone, 'web-login-phone-confirm-390');
      await screenshot(desk, 'web-login-desk-scanned-1280');
    });

    await step(phone, 'web-login-phone-confirms', async () => {
      await phone.locator('taro-button-core', { hasText: '确认登录' }).click();
      await phone.getByText('已在电脑上登录').waitFor();
    });

    await step(desk, 'web-login-desk-signed-in', async () => {
      await desk
        .locator('.ah-me__name', { hasText: phoneUser.user.displayName })
        .waitFor({ timeout: 10_000 });
      await screenshot(desk, 'web-login-desk-signed-in-1280');
    });

    await step(phone, 'web-login-reuse-refused', async () => {
      // Scanning the same code again (a photo of the screen) gets nowhere.
      await phone.goto(`/packages/account/web-login/index?ticket=${ticket}`);
      await phone.getByText('这个二维码已经用过了，请在电脑上刷新二维码').waitFor();
    });
  });

  it('should tell the desk browser when the phone cancels and offer a fresh code', async () => {
    const desk = await (await context(DESKTOP)).newPage();
    const phoneContext = await context('phone');
    await signInAs(phoneContext, cloud.baseUrl, { name: '成员·取消测试', role: 'member' });
    const phone = await phoneContext.newPage();

    await desk.goto('/pages/me/index');
    const code = desk.locator('[aria-label="登录小程序码"]');
    await code.waitFor();
    const ticket = await code.getAttribute('data-ticket');

    await step(phone, 'web-login-phone-cancels', async () => {
      await phone.goto(`/packages/account/web-login/index?ticket=${ticket}`);
      await phone.locator('taro-button-core', { hasText: '取消' }).click();
      await phone.getByText('已取消登录').waitFor();
    });
    await step(desk, 'web-login-desk-cancelled', async () => {
      await desk.getByText('已在手机上取消登录').waitFor();
      await desk.locator('taro-button-core', { hasText: '刷新二维码' }).click();
      await desk.getByText('二维码 2 分钟内有效，只能使用一次').waitFor();
      expect(await code.getAttribute('data-ticket')).not.toBe(ticket);
    });
  });
});
