import type { Page } from 'playwright-core';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

type Violation = { directive: string; blocked: string };

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.violatedDirective, blocked: event.blockedURI });
    });
  });
  return async () => {
    const fromDom = await page.evaluate(
      () => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? [],
    );
    return [...fromDom.map((v) => `${v.directive} blocked ${v.blocked}`), ...fromConsole];
  };
}

skipWithoutBrowser('security headers and CSP in the browser', () => {
  const { cloud, browser } = useCloudAndBrowser();
  let page: Page;
  let violations: () => Promise<string[]>;

  beforeAll(async () => {
    const context = await newPhone(browser, cloud.baseUrl);
    const { token } = await signInAs(context, cloud.baseUrl, { name: '安全检查员', role: 'secretariat' });
    // A card that is set up, so 出示名片 draws the swap QR code (a data: or blob: image).
    const card = await context.request.put(`${cloud.baseUrl}/api/v1/me/card`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { mobile: '13800000009', sharedFields: ['mobile'] },
    });
    expect(card.ok()).toBe(true);
    page = await context.newPage();
    violations = await watchViolations(page);
  });

  it('should serve the page with a CSP and the other security headers', async () => {
    const response = await page.goto('/');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('should run every main screen without a single CSP violation', async () => {
    for (const [name, path, ready] of [
      ['home', '/', '.ah-home__title'],
      ['directory', '/pages/directory/index', '.weui-tabbar__item'],
      ['matchmaking', '/pages/matchmaking/index', '.weui-tabbar__item'],
      ['me', '/pages/me/index', '.weui-tabbar__item'],
      ['my-card', '/packages/cards/my-card/index', '[data-testid="card-face"]'],
      ['events', '/packages/events/list/index', 'body'],
    ] as const) {
      await step(page, `csp-${name}`, async () => {
        await page.goto(path);
        await page.locator(ready).first().waitFor();
        if (name === 'my-card') {
          await page.locator('taro-button-core', { hasText: '出示名片' }).first().click();
          await page.getByTestId('swap-qr').locator('img').waitFor();
        }
        await page.waitForLoadState('networkidle');
        if (name === 'home' || name === 'my-card') await screenshot(page, `csp-${name}`);
        expect({ screen: name, violations: await violations() }).toEqual({ screen: name, violations: [] });
      });
    }
  });
});
