import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const MY_CARD = '/packages/cards/my-card/index';
const CONTACTS = '/packages/cards/contacts/index';
const MOBILE_A = '13800000001';
const MOBILE_B = '13900000002';

/** Taro H5 renders Button as <taro-button-core>, which has no button role. */
const button = (page: Page, name: string) => page.locator('taro-button-core', { hasText: name }).first();
const field = (page: Page, label: string) =>
  page.locator('.ah-form-field', {
    has: page.locator('.ah-form-field__label', { hasText: new RegExp(`^${label}`) }),
  });

async function api<T>(request: APIRequestContext, url: string, token: string): Promise<T> {
  const response = await request.get(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok()) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

skipWithoutBrowser(
  'cards: show a card, swap by link, see each other in 联系人 (H5 build served by cloud)',
  () => {
    const { cloud, browser, contexts } = useCloudAndBrowser({ env: { AUTH_DEV_LOGIN: '1' } });

    async function phone(): Promise<BrowserContext> {
      const context = await newPhone(browser, cloud.baseUrl);
      contexts.push(context);
      return context;
    }

    it('should exchange both cards when B opens the link A shows, and keep the fields from a third user', async () => {
      const [contextA, contextB, contextC] = await Promise.all([phone(), phone(), phone()]);
      const authA = await signInAs(contextA, cloud.baseUrl, { name: '张工·甲', role: 'member' });
      const authB = await signInAs(contextB, cloud.baseUrl, { name: '李老师·乙', role: 'member' });
      const authC = await signInAs(contextC, cloud.baseUrl, { name: '王总·丙', role: 'member' });
      const [a, b, c] = await Promise.all([contextA.newPage(), contextB.newPage(), contextC.newPage()]);

      await step(a, 'cards-a-sets-up-card', async () => {
        await a.goto(MY_CARD);
        await a.getByTestId('card-face').waitFor();
        await a.locator('.ah-my-card__menu-row', { hasText: '编辑名片' }).click();
        await field(a, '手机').locator('input').fill('123');
        await button(a, '保存').click();
        await field(a, '手机').getByText('请输入 11 位手机号码').waitFor();
        await field(a, '手机').locator('input').fill(MOBILE_A);
        await field(a, '职务').locator('input').fill('总工程师');
        await field(a, '我能提供').locator('input').fill('铝合金焊接工艺');
        const share = a.getByRole('switch', { name: '共享手机' });
        if ((await share.getAttribute('aria-checked')) !== 'true') await share.click();
        await screenshot(a, 'cards-my-card-edit');
        await button(a, '保存').click();
        const row = a.locator('.ah-card-face__contact[data-field="mobile"]');
        await row.getByText(MOBILE_A).waitFor();
        await row.getByText('交换后可见').waitFor();
        await screenshot(a, 'cards-my-card');
      });

      // B's card is set up through the API; the form was exercised above.
      const put = await contextB.request.put(`${cloud.baseUrl}/api/v1/me/card`, {
        headers: { Authorization: `Bearer ${authB.token}` },
        data: { mobile: MOBILE_B, sharedFields: ['mobile'], title: '教授' },
      });
      expect(put.status()).toBe(200);

      const link = await step(a, 'cards-a-shows-code', async () => {
        await button(a, '出示名片').click();
        await a.getByTestId('swap-qr').locator('img').waitFor();
        const text = (await a.getByTestId('swap-link').textContent())?.trim() ?? '';
        expect(text).toMatch(/\/packages\/cards\/swap\/index\?t=/);
        await a.getByText(/后自动换新码/).waitFor();
        await screenshot(a, 'cards-show-code');
        return text;
      });

      await step(b, 'cards-b-swaps', async () => {
        await b.goto(link);
        await b.getByText('与对方交换名片？').waitFor();
        await screenshot(b, 'cards-swap-confirm');
        await button(b, '交换名片').click();
        await b.getByText('已交换名片').waitFor();
        const card = b.getByTestId('card-face');
        await card.getByText('张工·甲').waitFor();
        await card.getByText(MOBILE_A).waitFor();
        await card.getByText('铝合金焊接工艺').waitFor();
        await screenshot(b, 'cards-swap-done');
      });

      await step(a, 'cards-a-code-refreshes', async () => {
        await a.getByTestId('swap-notice').getByText('已与 李老师·乙 交换名片', { exact: false }).waitFor();
        await a.waitForFunction((old) => {
          const el = document.querySelector('[data-testid="swap-link"]');
          return el !== null && el.textContent?.trim() !== old;
        }, link);
        await screenshot(a, 'cards-show-code-after-swap');
      });

      await step(b, 'cards-b-contacts', async () => {
        await button(b, '查看联系人').click();
        const row = b.getByTestId('contact-row').filter({ hasText: '张工·甲' });
        await row.getByText(`手机 ${MOBILE_A}`).waitFor();
        await row.getByText('总工程师').waitFor();
        await screenshot(b, 'cards-contacts-b');
        await row.click();
        const sheet = b.getByTestId('contact-sheet');
        await sheet.getByText(MOBILE_A).waitFor();
        await sheet.locator('textarea').fill('对焊接工艺感兴趣，下周回访');
        await button(b, '保存备注').click();
        await row.getByText('备注：对焊接工艺感兴趣，下周回访').waitFor();
        await screenshot(b, 'cards-contact-sheet');
      });

      await step(a, 'cards-a-contacts', async () => {
        await a.goto(CONTACTS);
        const row = a.getByTestId('contact-row').filter({ hasText: '李老师·乙' });
        await row.getByText(`手机 ${MOBILE_B}`).waitFor();
        await row.getByText('教授').waitFor();
      });

      const cardA = await api<{ personId: string }>(
        contextA.request,
        `${cloud.baseUrl}/api/v1/me/card`,
        authA.token,
      );

      await step(c, 'cards-third-user-sees-no-fields', async () => {
        const person = await api<{ contacts: unknown }>(
          contextC.request,
          `${cloud.baseUrl}/api/v1/people/${cardA.personId}`,
          authC.token,
        );
        expect(person.contacts).toBeNull();
        await c.goto(`/packages/directory/person/index?id=${cardA.personId}`);
        await c.getByText('张工·甲').first().waitFor();
        await c.getByTestId('contacts-hidden').waitFor();
        expect(await c.getByText(MOBILE_A).count()).toBe(0);
        await screenshot(c, 'cards-third-user-person');
      });

      await step(c, 'cards-used-link-is-refused', async () => {
        await c.goto(link);
        await button(c, '交换名片').click();
        const alert = c.getByTestId('swap-failed');
        await alert.getByText(/自动换新码/).waitFor();
        expect(await alert.locator('.ah-swap__message').textContent()).toBeTruthy();
        await screenshot(c, 'cards-swap-used');
      });
    });
  },
);
