import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs, demoUserId } from '../support/sign-in';

const ORG = '大庆华科新材料有限公司';

/** The visible copy of a selector: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

async function search(page: Page, text: string) {
  await visible(page, '.ah-search-bar input').fill(text);
}

skipWithoutBrowser('名录: search, organization and person pages, editing (H5 build served by cloud)', () => {
  const { cloud, browser } = useCloudAndBrowser();

  it('should find 芳纶 in an organization, show its people, and hide another member’s contacts', async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    await signInAs(context, cloud.baseUrl, { name: '刘工', role: 'member' });
    const page = await context.newPage();

    await step(page, 'directory-search', async () => {
      await page.goto('/pages/directory/index');
      await visible(page, '.ah-org-row').first().waitFor();
      await search(page, '芳纶');
      await visible(page, '.ah-org-row').filter({ hasText: ORG }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.ah-org-row').length === 1);
      await screenshot(page, 'directory-search');
    });

    await step(page, 'directory-org', async () => {
      await visible(page, '.ah-org-row').filter({ hasText: ORG }).click();
      await page.waitForURL('**/packages/directory/org/index?id=*');
      await visible(page, '.ah-detail__name').filter({ hasText: ORG }).waitFor();
      await visible(page, '[data-section="needs"]').filter({ hasText: '对位芳纶' }).waitFor();
      await visible(page, '.ah-detail__people .ah-person-row').filter({ hasText: '周晓燕' }).waitFor();
      // Not their own organization: no edit button.
      expect(await visible(page, '.ah-detail__edit').count()).toBe(0);
      await screenshot(page, 'directory-org');
    });

    await step(page, 'directory-person-hidden', async () => {
      await page.goto('/pages/directory/index');
      await search(page, '哈工大');
      // 哈尔滨工业大学重庆研究院 matches 哈工大 too; the university is the one with that alias.
      await visible(page, '.ah-org-row').filter({ hasText: '简称：哈工大' }).click();
      await visible(page, '.ah-detail__people .ah-person-row').filter({ hasText: '王立群' }).click();
      await page.waitForURL('**/packages/directory/person/index?id=*');
      await visible(page, '.ah-detail__name').filter({ hasText: '王立群' }).waitFor();
      await visible(page, '.ah-detail__privacy').filter({ hasText: '交换名片后可查看联系方式' }).waitFor();
      expect(await visible(page, '[data-contact="mobile"]').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toMatch(/1[3-9]\d{9}/);
      await page.waitForTimeout(400); // let the page's slide-in animation finish for the screenshot
      await screenshot(page, 'directory-person-hidden');
    });
    await context.close();
  });

  it("should let 周晓燕 edit her organization's capabilities, showing the server's message for a bad value", async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    const userId = await demoUserId(cloud.baseUrl, '周晓燕');
    const { token } = await signInAs(context, cloud.baseUrl, { userId });
    const page = await context.newPage();
    const tooLong = '芳'.repeat(2001);

    // What the server itself says about this value: the form must show the same words at the field.
    const orgs = await context.request.get(
      `${cloud.baseUrl}/api/v1/organizations?q=${encodeURIComponent(ORG)}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const orgId = ((await orgs.json()) as { items: Array<{ id: string }> }).items[0].id;
    const refused = await context.request.patch(`${cloud.baseUrl}/api/v1/organizations/${orgId}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { capabilities: tooLong },
    });
    expect(refused.status()).toBe(400);
    const serverError = (await refused.json()) as {
      error: { details: Array<{ path: string; message: string }> };
    };
    expect(serverError.error.details[0].path).toBe('body.capabilities');
    const serverMessage = serverError.error.details[0].message;

    await step(page, 'directory-edit-error', async () => {
      await page.goto(`/packages/directory/org/index?id=${orgId}`);
      await visible(page, '.ah-detail__edit').click();
      await page.waitForURL('**/packages/directory/org-edit/index?id=*');
      const capabilities = visible(page, '[data-field="capabilities"] textarea');
      await capabilities.fill(tooLong);
      await visible(page, '.ah-edit__save').click();
      const field = visible(page, '.ah-form-field').filter({ hasText: '技术优势与储备' });
      await field.locator('.ah-form-field__error', { hasText: serverMessage }).waitFor();
      await field.scrollIntoViewIfNeeded();
      await screenshot(page, 'directory-edit-error');
    });

    await step(page, 'directory-edit-saved', async () => {
      await visible(page, '[data-field="capabilities"] textarea').fill('间位芳纶 超高分子量聚乙烯纤维');
      await visible(page, '.ah-edit__save').click();
      await page.waitForURL('**/packages/directory/org/index?id=*');
      await visible(page, '[data-section="capabilities"]')
        .filter({ hasText: '间位芳纶 超高分子量聚乙烯纤维' })
        .waitFor();
      await screenshot(page, 'directory-edit-saved');
    });
    await context.close();
  });
});
