import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import Bowser from 'bowser';
import {
  WEB_LOGIN_CONFIRM_PAGE,
  WEB_TICKET_TTL_SECONDS,
  type WebTicketCreated,
  type WebTicketPoll,
  type WebTicketPreview,
} from '@alliance-hub/types';
import { AppError, forbidden, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { can, type Actor } from '../../policy/policy';
import type { WechatClient } from '../../wechat/wechat-client';
import { WechatApiError } from '../../wechat/wechat-client';
import { recordAudit } from '../audit/audit.service';
import { SessionModel } from './session.model';
import { WebTicketModel, type WebTicket } from './web-ticket.model';
import { openSession, type ClientInfo } from './auth.service';

/** How often the browser asks; a tenth of the ticket's life keeps the wait after a tap short. */
export const WEB_TICKET_POLL_SECONDS = 2;

const hash = (secret: string) => createHash('sha256').update(secret).digest();

type TicketDoc = WebTicket & { _id: Types.ObjectId; createdAt?: Date };

const expired = () => new AppError(410, 'WEB_TICKET_EXPIRED', '二维码已过期，请在电脑上刷新二维码');
const used = () => new AppError(410, 'WEB_TICKET_USED', '这个二维码已经用过了，请在电脑上刷新二维码');
const ticketMissing = () => notFound('登录二维码');

/**
 * "Windows 电脑 · Chrome 浏览器": enough for the phone's owner to recognise the browser at the
 * desk, nothing more (no version numbers, no address).
 */
export function describeBrowser(userAgent: string | undefined): string {
  if (!userAgent) return '未知设备上的浏览器';
  const parsed = Bowser.parse(userAgent);
  const os = parsed.os.name ?? '';
  const platform = parsed.platform.type;
  const device = platform === 'mobile' ? '手机' : platform === 'tablet' ? '平板' : '电脑';
  const browser = parsed.browser.name ?? '';
  const osLabel = os === 'macOS' ? 'Mac' : os;
  const where = osLabel ? `${osLabel} ${device}` : device;
  return browser ? `${where} · ${browser} 浏览器` : `${where}上的浏览器`;
}

async function wxaCodeDataUrl(wechat: WechatClient, ticketId: string): Promise<string> {
  try {
    const { image, contentType } = await wechat.getWxaCodeUnlimited({
      scene: ticketId,
      page: WEB_LOGIN_CONFIRM_PAGE,
      width: 280,
    });
    return `data:${contentType};base64,${image.toString('base64')}`;
  } catch (err) {
    if (err instanceof WechatApiError) {
      throw new AppError(503, 'WECHAT_UNAVAILABLE', '暂时无法生成登录二维码，请稍后刷新重试');
    }
    throw err;
  }
}

/** The browser asks: a ticket, its secret (returned once, stored hashed) and the code to show. */
export async function createWebTicket(
  wechat: WechatClient,
  client: ClientInfo,
  clock: Clock,
): Promise<WebTicketCreated> {
  const secret = randomBytes(32).toString('base64url');
  const now = clock();
  const id = new Types.ObjectId();
  // The code is made first: a WeChat failure leaves no ticket behind.
  const qrcode = await wxaCodeDataUrl(wechat, id.toHexString());
  const expiresAt = new Date(now.getTime() + WEB_TICKET_TTL_SECONDS * 1000);
  await WebTicketModel.create({
    _id: id,
    secretHash: hash(secret).toString('hex'),
    state: 'pending',
    userAgent: client.userAgent?.slice(0, 300),
    ip: client.ip,
    expiresAt,
  });
  return {
    id: id.toHexString(),
    secret,
    expiresAt: expiresAt.toISOString(),
    pollIntervalSeconds: WEB_TICKET_POLL_SECONDS,
    qrcode,
  };
}

function secretMatches(ticket: TicketDoc, secret: string | undefined): boolean {
  if (!secret) return false;
  const expected = Buffer.from(ticket.secretHash, 'hex');
  const given = hash(secret);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The browser polls. Waiting states answer 200; once confirmed, the first poll atomically
 * turns the ticket into a session (consumed), so the token is handed out exactly once.
 */
export async function pollWebTicket(
  id: string,
  secret: string | undefined,
  clock: Clock,
): Promise<WebTicketPoll> {
  const ticket = await WebTicketModel.findById(id).lean<TicketDoc>();
  if (!ticket) throw ticketMissing();
  // Another browser (or anyone who saw the QR code) cannot collect the session.
  if (!secretMatches(ticket, secret)) {
    throw new AppError(403, 'WEB_TICKET_WRONG_BROWSER', '这个登录二维码不是在此浏览器上生成的，请刷新二维码');
  }
  if (ticket.state === 'consumed') throw used();
  if (ticket.state !== 'confirmed') {
    if (ticket.expiresAt <= clock()) throw expired();
    return { status: ticket.state, expiresAt: ticket.expiresAt.toISOString() };
  }
  const taken = await WebTicketModel.findOneAndUpdate(
    { _id: ticket._id, state: 'confirmed' },
    { $set: { state: 'consumed', consumedAt: clock() } },
    { returnDocument: 'after', lean: true },
  );
  // A concurrent poll from the same browser won the race and got the session.
  if (!taken?.userId) throw used();
  const auth = await openSession(taken.userId, {
    kind: 'h5',
    userAgent: taken.userAgent ?? undefined,
    ip: taken.ip ?? undefined,
  });
  await recordAudit({
    actorId: taken.userId,
    action: 'auth.webLogin',
    entity: { type: 'user', id: taken.userId },
    after: { browser: describeBrowser(taken.userAgent ?? undefined), ticketId: taken._id.toHexString() },
  });
  return { status: 'confirmed', auth };
}

async function confirmingSessionClient(actor: Actor) {
  const session = await SessionModel.findById(actor.sessionId, { client: 1 }).lean();
  return session?.client;
}

async function openTicketFor(actor: Actor, id: string, clock: Clock): Promise<TicketDoc> {
  if (!can(actor, 'webLogin.confirm', { sessionClient: await confirmingSessionClient(actor) })) {
    throw new AppError(403, 'WEB_TICKET_NEEDS_PHONE', '请用微信扫一扫，在联盟通小程序里确认登录');
  }
  const ticket = await WebTicketModel.findById(id).lean<TicketDoc>();
  if (!ticket) throw ticketMissing();
  if (ticket.state === 'confirmed' || ticket.state === 'consumed') throw used();
  if (ticket.state === 'cancelled') throw forbidden('这次登录已在手机上取消，请在电脑上刷新二维码');
  if (ticket.expiresAt <= clock()) throw expired();
  return ticket;
}

function preview(ticket: TicketDoc): WebTicketPreview {
  return {
    id: ticket._id.toHexString(),
    browser: describeBrowser(ticket.userAgent ?? undefined),
    requestedAt: (ticket.createdAt ?? ticket.expiresAt).toISOString(),
    expiresAt: ticket.expiresAt.toISOString(),
  };
}

/** The phone opened the scan: show which browser asks, and let the browser say 已扫码. */
export async function scanWebTicket(actor: Actor, id: string, clock: Clock): Promise<WebTicketPreview> {
  const ticket = await openTicketFor(actor, id, clock);
  await WebTicketModel.updateOne(
    { _id: ticket._id, state: 'pending' },
    { $set: { state: 'scanned', scannedAt: clock() } },
  );
  return preview(ticket);
}

/** 确认登录 on the phone: binds the ticket to this user; the browser's next poll signs in. */
export async function confirmWebTicket(actor: Actor, id: string, clock: Clock): Promise<WebTicketPreview> {
  const ticket = await openTicketFor(actor, id, clock);
  const now = clock();
  const confirmed = await WebTicketModel.findOneAndUpdate(
    { _id: ticket._id, state: { $in: ['pending', 'scanned'] }, expiresAt: { $gt: now } },
    { $set: { state: 'confirmed', userId: actor.id, confirmedAt: now } },
    { returnDocument: 'after', lean: true },
  );
  // Someone else confirmed in between, or the two minutes ran out while we looked.
  if (!confirmed) throw ticket.expiresAt <= clock() ? expired() : used();
  return preview(ticket);
}

/** 取消 on the phone: the browser hears it on its next poll and offers a new code. */
export async function cancelWebTicket(actor: Actor, id: string, clock: Clock): Promise<void> {
  const ticket = await openTicketFor(actor, id, clock);
  await WebTicketModel.updateOne(
    { _id: ticket._id, state: { $in: ['pending', 'scanned'] } },
    { $set: { state: 'cancelled' } },
  );
}
