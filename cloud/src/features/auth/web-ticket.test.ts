import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  AuthResult,
  type SessionView,
  WEB_LOGIN_CONFIRM_PAGE,
  WEB_TICKET_SECRET_HEADER,
  WebTicketCreated,
  WebTicketPoll,
  WebTicketPreview,
} from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn, signInWithWechat } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { WebTicketModel } from './web-ticket.model';
import { describeBrowser } from './web-ticket.service';
import { RATE_WINDOW_TEST_TIMEOUT_MS, withinOneWindow } from '../../test/rate-window';

const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

describe('web sign-in by scanning (/api/v1/auth/web-tickets)', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T02:00:00Z');
  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => now });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    now = new Date(now.getTime() + 3600_000);
  });

  async function askForTicket(): Promise<WebTicketCreated> {
    const res = await t.request
      .post('/api/v1/auth/web-tickets')
      .set('User-Agent', DESKTOP_CHROME)
      .expect(201);
    return WebTicketCreated.parse(res.body);
  }
  const poll = (ticket: WebTicketCreated, secret = ticket.secret) =>
    t.request.get(`/api/v1/auth/web-tickets/${ticket.id}`).set(WEB_TICKET_SECRET_HEADER, secret);

  it('should answer a ticket with a mini-program code whose scene is the ticket id', async () => {
    const ticket = await askForTicket();
    expect(ticket.qrcode).toMatch(/^data:image\/png;base64,/);
    expect(t.wechat.wxacodeScenes()).toContain(ticket.id);
    expect(ticket.id.length).toBeLessThanOrEqual(32);
    expect(new Date(ticket.expiresAt).getTime() - now.getTime()).toBe(120_000);
    const stored = await WebTicketModel.findById(ticket.id).lean();
    expect(JSON.stringify(stored)).not.toContain(ticket.secret);
    expect(WEB_LOGIN_CONFIRM_PAGE).toBe('packages/account/web-login/index');
  });

  it('should show the browser a 280 px code that reads as the ticket id when the fake WeChat makes it', async () => {
    const ticket = await askForTicket();
    const png = PNG.sync.read(Buffer.from(ticket.qrcode.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect([png.width, png.height]).toEqual([280, 280]);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(ticket.id);
  });

  it('should sign the browser in once after the phone confirms, with a web session listed among the others', async () => {
    const ticket = await askForTicket();
    const phone = await signInWithWechat(t, 'o-web-login-phone');
    const waiting = WebTicketPoll.parse((await poll(ticket).expect(200)).body);
    expect(waiting.status).toBe('pending');

    const scan = await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/scan`)
      .set('Authorization', phone.auth)
      .expect(200);
    expect(WebTicketPreview.parse(scan.body).browser).toBe('Windows 电脑 · Chrome 浏览器');
    expect(WebTicketPoll.parse((await poll(ticket).expect(200)).body).status).toBe('scanned');

    await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(200);
    const signedIn = WebTicketPoll.parse((await poll(ticket).expect(200)).body);
    if (signedIn.status !== 'confirmed') throw new Error('expected the session');
    const auth = AuthResult.parse(signedIn.auth);
    expect(auth.user.id).toBe(phone.user.id);
    expect(JSON.stringify(signedIn)).not.toMatch(/openid|o-web-login-phone/);

    // The token works, and the phone sees the browser among its sessions (revocable).
    await t.request.get('/api/v1/me').set('Authorization', `Bearer ${auth.token}`).expect(200);
    const sessions = await t.request.get('/api/v1/me/sessions').set('Authorization', phone.auth).expect(200);
    const web = (sessions.body.items as SessionView[]).find((s) => s.client === 'h5');
    expect(web?.userAgent).toBe(DESKTOP_CHROME);
    await t.request.delete(`/api/v1/me/sessions/${web?.id}`).set('Authorization', phone.auth).expect(204);
    await t.request.get('/api/v1/me').set('Authorization', `Bearer ${auth.token}`).expect(401);

    const audit = await AuditModel.findOne({ action: 'auth.webLogin', 'entity.id': phone.user.id }).lean();
    expect(audit).not.toBeNull();
  });

  it('should refuse a second collection of the session (410 WEB_TICKET_USED)', async () => {
    const ticket = await askForTicket();
    const phone = await signIn(t, 'coordinator');
    await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(200);
    await poll(ticket).expect(200);
    const again = await poll(ticket).expect(410);
    expect(again.body.error.code).toBe('WEB_TICKET_USED');
    const reconfirm = await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(410);
    expect(reconfirm.body.error.code).toBe('WEB_TICKET_USED');
  });

  it('should refuse a poll from a browser without the secret (403 WEB_TICKET_WRONG_BROWSER) and keep the session for the right one', async () => {
    const ticket = await askForTicket();
    const phone = await signIn(t, 'member');
    await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(200);
    const other = await askForTicket();
    for (const res of [
      await poll(ticket, other.secret).expect(403),
      await t.request.get(`/api/v1/auth/web-tickets/${ticket.id}`).expect(403),
    ]) {
      expect(res.body.error.code).toBe('WEB_TICKET_WRONG_BROWSER');
      expect(res.body.error.message).toMatch(/浏览器/);
    }
    const mine = WebTicketPoll.parse((await poll(ticket).expect(200)).body);
    expect(mine.status).toBe('confirmed');
  });

  it('should refuse to confirm or collect after 2 minutes (410 WEB_TICKET_EXPIRED)', async () => {
    const ticket = await askForTicket();
    const phone = await signIn(t, 'secretariat');
    now = new Date(now.getTime() + 121_000);
    const confirm = await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(410);
    expect(confirm.body.error.code).toBe('WEB_TICKET_EXPIRED');
    expect(confirm.body.error.message).toMatch(/过期/);
    expect((await poll(ticket).expect(410)).body.error.code).toBe('WEB_TICKET_EXPIRED');
    expect((await WebTicketModel.findById(ticket.id).lean())?.userId).toBeUndefined();
  });

  it('should tell the browser when the phone cancels, and refuse a later confirm', async () => {
    const ticket = await askForTicket();
    const phone = await signIn(t, 'guest');
    await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/cancel`)
      .set('Authorization', phone.auth)
      .expect(204);
    expect(WebTicketPoll.parse((await poll(ticket).expect(200)).body).status).toBe('cancelled');
    await t.request
      .post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(403);
  });

  it('should 403 WEB_TICKET_NEEDS_PHONE when a web session tries to confirm another browser', async () => {
    const first = await askForTicket();
    const phone = await signIn(t, 'secretariat');
    await t.request
      .post(`/api/v1/auth/web-tickets/${first.id}/confirm`)
      .set('Authorization', phone.auth)
      .expect(200);
    const body = WebTicketPoll.parse((await poll(first).expect(200)).body);
    if (body.status !== 'confirmed') throw new Error('expected the session');
    const second = await askForTicket();
    const res = await t.request
      .post(`/api/v1/auth/web-tickets/${second.id}/confirm`)
      .set('Authorization', `Bearer ${body.auth.token}`)
      .expect(403);
    expect(res.body.error.code).toBe('WEB_TICKET_NEEDS_PHONE');
  });

  it('should 401 when confirming without signing in, and 404 for an unknown ticket', async () => {
    const ticket = await askForTicket();
    await t.request.post(`/api/v1/auth/web-tickets/${ticket.id}/confirm`).expect(401);
    const phone = await signIn(t, 'member');
    const res = await t.request
      .post('/api/v1/auth/web-tickets/0123456789abcdef01234567/confirm')
      .set('Authorization', phone.auth)
      .expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await t.request.get('/api/v1/auth/web-tickets/not-an-id').expect(400);
  });

  it('should 503 with a Chinese message and store no ticket when WeChat cannot make the code', async () => {
    const before = await WebTicketModel.countDocuments();
    t.wechat.failNext('getwxacodeunlimit', -1);
    const res = await t.request.post('/api/v1/auth/web-tickets').expect(503);
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(res.body.error.message).toMatch(/二维码/);
    expect(await WebTicketModel.countDocuments()).toBe(before);
  });
});

describe('web sign-in ticket limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it(
    'should rate-limit asking for tickets per client with Retry-After',
    async () => {
      await withinOneWindow();
      await t.request.post('/api/v1/auth/web-tickets').expect(201);
      await t.request.post('/api/v1/auth/web-tickets').expect(201);
      const res = await t.request.post('/api/v1/auth/web-tickets').expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    },
    RATE_WINDOW_TEST_TIMEOUT_MS,
  );
});

describe('describeBrowser', () => {
  it.each([
    [DESKTOP_CHROME, 'Windows 电脑 · Chrome 浏览器'],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Mac 电脑 · Safari 浏览器',
    ],
    [undefined, '未知设备上的浏览器'],
  ])('should describe %s as %s', (ua, label) => {
    expect(describeBrowser(ua)).toBe(label);
  });
});
