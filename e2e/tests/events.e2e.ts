import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import type { DoorView, EventDetailView, RegistrationView } from '@alliance-hub/types';
import { newPhone, screenshot, skipWithoutBrowser, step } from '../support/browser';
import { useCloudAndBrowser } from '../support/lifecycle';
import { signInAs } from '../support/sign-in';

const MEMBERS = ['赵志远', '钱晓梅', '孙立新'] as const;

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

async function count(page: Page, label: string): Promise<string> {
  return (await visible(page, `[data-count="${label}"] .ah-door__count-value`).innerText()).trim();
}

async function expectCount(page: Page, label: string, value: number): Promise<void> {
  await page.waitForFunction(
    ([l, v]) =>
      Array.from(document.querySelectorAll(`[data-count="${l}"] .ah-door__count-value`)).some(
        (el) => (el as HTMLElement).offsetParent !== null && el.textContent?.trim() === String(v),
      ),
    [label, value] as const,
    { timeout: 15_000 },
  );
}

skipWithoutBrowser('events: the door screen checks people in, online and offline (H5 build)', () => {
  let context: BrowserContext;
  const { cloud, browser } = useCloudAndBrowser({
    env: { AUTH_DEV_LOGIN: '1' },
    beforeStop: () => context?.close(),
  });

  it('should check in by code and by name, queue a scan offline and sync it exactly once', async () => {
    context = await newPhone(browser, cloud.baseUrl);
    const coordinator = await signInAs(context, cloud.baseUrl, { name: '白衬衫·李明', role: 'coordinator' });
    const base = cloud.baseUrl + '/api/v1';
    const now = Date.now();
    const event = await api<EventDetailView>(context.request, 'post', `${base}/events`, coordinator.token, {
      title: '2026 年度金属新材料联盟年会',
      kind: 'annual_meeting',
      startsAt: new Date(now + 30 * 60_000).toISOString(),
      endsAt: new Date(now + 6 * 3600_000).toISOString(),
      place: '哈尔滨国际会展中心 A 馆',
      staff: [{ userId: coordinator.user.id, duty: 'checkin' }],
    });

    const registrations: RegistrationView[] = [];
    for (const name of MEMBERS) {
      const signIn = await context.request.post(`${base}/auth/dev`, { data: { name, role: 'member' } });
      const { token } = (await signIn.json()) as { token: string };
      registrations.push(
        await api<RegistrationView>(
          context.request,
          'post',
          `${base}/events/${event.id}/registrations`,
          token,
          {},
        ),
      );
    }
    const [byCode, byName, offline] = registrations;
    expect(registrations.map((r) => r.entryCode)).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);

    const page = await context.newPage();
    const typeCode = async (code: string) => {
      await visible(page, '.ah-door__code input').fill(code);
      await visible(page, 'taro-button-core.ah-door__code-submit').click();
    };

    await step(page, 'door-opens', async () => {
      await page.goto(`/packages/events/door/index?id=${event.id}`);
      await expectCount(page, '已报名', 3);
      expect(await count(page, '已签到')).toBe('0');
    });

    await step(page, 'check-in-by-code', async () => {
      await typeCode(byCode.entryCode ?? '');
      await visible(page, '.ah-door__banner--success')
        .filter({ hasText: `${MEMBERS[0]} 签到成功` })
        .waitFor();
      await expectCount(page, '已签到', 1);
    });

    await step(page, 'repeat-scan-says-who-and-when', async () => {
      await typeCode(byCode.entryCode ?? '');
      await visible(page, '.ah-door__banner--warning')
        .filter({ hasText: /已于 \d\d:\d\d 由 白衬衫·李明 签到/ })
        .waitFor();
      await expectCount(page, '已签到', 1);
    });

    await step(page, 'check-in-by-name', async () => {
      await visible(page, '.ah-door__lookup .ah-search-bar input').fill(MEMBERS[1]);
      const row = visible(page, `.ah-door__result[data-registration="${byName.id}"]`);
      await row.locator('taro-button-core', { hasText: '签到' }).click();
      await visible(page, '.ah-door__banner--success')
        .filter({ hasText: `${MEMBERS[1]} 签到成功` })
        .waitFor();
      await expectCount(page, '已签到', 2);
      await screenshot(page, 'events-door-online');
    });

    await step(page, 'offline-rescan-of-online-check-in-says-already-in', async () => {
      await context.setOffline(true);
      await visible(page, '.ah-door__network--offline').waitFor();
      // Checked in online a moment ago: the cached roster knows, so nothing is queued.
      await typeCode(byCode.entryCode ?? '');
      await visible(page, '.ah-door__banner--warning')
        .filter({ hasText: new RegExp(`${MEMBERS[0]} 已于 \\d\\d:\\d\\d 由 白衬衫·李明 签到`) })
        .waitFor();
      expect(await page.locator('.ah-door__pending:visible').count()).toBe(0);
      await screenshot(page, 'events-door-offline-already-in');
    });

    await step(page, 'offline-scan-queues', async () => {
      await typeCode(offline.entryCode ?? '');
      await visible(page, '.ah-door__banner--queued')
        .filter({ hasText: `${MEMBERS[2]} 已记录，待同步` })
        .waitFor();
      await visible(page, '.ah-door__pending').filter({ hasText: '待同步 1 条' }).waitFor();
      // The same code again: recognised, not queued twice.
      await typeCode(offline.entryCode ?? '');
      await visible(page, '.ah-door__banner--queued').filter({ hasText: '无需重复扫码' }).waitFor();
      await visible(page, '.ah-door__pending').filter({ hasText: '待同步 1 条' }).waitFor();
      await screenshot(page, 'events-door-offline');
    });

    await step(page, 'reconnect-syncs', async () => {
      await context.setOffline(false);
      await visible(page, '.ah-door__banner--success')
        .filter({ hasText: '已同步 1 条' })
        .waitFor({ timeout: 20_000 });
      await page
        .locator('.ah-door__pending:visible')
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(async () => {
          expect(await page.locator('.ah-door__pending:visible').count()).toBe(0);
        });
      await expectCount(page, '已签到', 3);
    });

    await step(page, 'walk-in-keeps-their-organization', async () => {
      await visible(page, 'taro-button-core.ah-door__walk-in-open').click();
      // Taro puts the aria-label on its wrapper; the inputs are 姓名, 单位, 手机号 in order.
      const inputs = visible(page, '.ah-door__walk-in input');
      await inputs.nth(0).fill('钱工');
      await inputs.nth(1).fill('某铝业新材料公司');
      await visible(page, 'taro-button-core.ah-door__walk-in-submit').click();
      await visible(page, '.ah-door__banner--success')
        .filter({ hasText: '钱工 现场登记并签到成功' })
        .waitFor();
      await visible(page, '.ah-door__banner--success').filter({ hasText: '某铝业新材料公司' }).waitFor();
      await page.goto(`/packages/events/attendees/index?id=${event.id}`);
      const row = visible(page, '.ah-attendees__row').filter({ hasText: '钱工' });
      await row.filter({ hasText: '某铝业新材料公司' }).waitFor();
      await row.filter({ hasText: '现场登记' }).waitFor();
      await screenshot(page, 'events-attendees-walk-in-organization');
    });

    const door = await api<DoorView>(
      context.request,
      'get',
      `${base}/events/${event.id}/door`,
      coordinator.token,
    );
    expect(door).toMatchObject({ registered: 3, checkedIn: 4, walkIns: 1 });
    expect(door.latest.map((r) => r.person.name).sort()).toEqual([...MEMBERS, '钱工'].sort());
    const sheet = await api<{ items: RegistrationView[] }>(
      context.request,
      'get',
      `${base}/events/${event.id}/attendees?checkedIn=yes&limit=100`,
      coordinator.token,
    );
    expect(sheet.items).toHaveLength(4);
    expect(new Set(sheet.items.map((r) => r.id)).size).toBe(4);
    expect(sheet.items.find((r) => r.walkIn)?.organization).toEqual({
      id: null,
      name: '某铝业新材料公司',
      kind: null,
    });
  });
});
