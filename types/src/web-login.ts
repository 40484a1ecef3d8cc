import { z } from './zod';
import { AuthResult } from './auth';

/**
 * Web sign-in by scanning (#16): the browser asks for a ticket, shows it as a mini-program code,
 * and polls; the signed-in phone confirms. Ticket ids are ObjectIds (24 characters), which fit
 * WeChat's 32-character `scene`.
 */
export const WEB_TICKET_TTL_SECONDS = 120;
/** The browser proves it is the one that asked by sending the secret it got with the ticket. */
export const WEB_TICKET_SECRET_HEADER = 'X-Web-Ticket-Secret';
/** The page a scan opens in the mini-program (its `scene` is the ticket id). */
export const WEB_LOGIN_CONFIRM_PAGE = 'packages/account/web-login/index';

export const WebTicketCreated = z.object({
  id: z.string(),
  /** Kept by the browser in memory only and sent as X-Web-Ticket-Secret on every poll. */
  secret: z.string(),
  expiresAt: z.string(),
  pollIntervalSeconds: z.number().int().positive(),
  /** The mini-program code to show, as a data: URL (image/png or image/jpeg). */
  qrcode: z.string(),
});
export type WebTicketCreated = z.infer<typeof WebTicketCreated>;

export const WEB_TICKET_WAITING_STATES = ['pending', 'scanned', 'cancelled'] as const;

/** A poll's answer: still waiting (or scanned, or declined on the phone), or the session once. */
export const WebTicketPoll = z.discriminatedUnion('status', [
  z.object({ status: z.enum(WEB_TICKET_WAITING_STATES), expiresAt: z.string() }),
  z.object({ status: z.literal('confirmed'), auth: AuthResult }),
]);
export type WebTicketPoll = z.infer<typeof WebTicketPoll>;

/** What the phone shows before confirming: which browser asks, roughly, and when. */
export const WebTicketPreview = z.object({
  id: z.string(),
  /** e.g. "Windows 电脑 · Chrome 浏览器" from the browser's User-Agent. */
  browser: z.string(),
  requestedAt: z.string(),
  expiresAt: z.string(),
});
export type WebTicketPreview = z.infer<typeof WebTicketPreview>;
