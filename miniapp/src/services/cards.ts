import Taro from '@tarojs/taro';
import {
  CardRequestView,
  CardView,
  ContactView,
  SwapResultView,
  SwapTokenStatusView,
  SwapTokenView,
  pageOf,
  z,
  type CardRequestBody,
  type CardUpdateBody,
} from '@alliance-hub/types';
import { downloadFile, request } from '../utils/request';

const ContactPage = pageOf(ContactView);
export type ContactPage = z.infer<typeof ContactPage>;
const CardRequestList = z.object({ items: z.array(CardRequestView) });
export type CardRequestBox = 'incoming' | 'outgoing';

const tokenPath = (token: string) => `/api/v1/me/card/tokens/${encodeURIComponent(token)}`;

/** GET /api/v1/me/card — my own card with every contact value (created on first call). */
export function getMyCard(): Promise<CardView> {
  return request('/api/v1/me/card', { schema: CardView });
}

/** PUT /api/v1/me/card — null clears a field; 400 details name the field (`body.mobile`). */
export function updateMyCard(body: CardUpdateBody): Promise<CardView> {
  return request('/api/v1/me/card', { method: 'PUT', body, schema: CardView });
}

/** POST /api/v1/me/card/tokens — a fresh single-use swap token (≤ 32 chars, 5 min). */
export function issueSwapToken(): Promise<SwapTokenView> {
  return request('/api/v1/me/card/tokens', { method: 'POST', schema: SwapTokenView });
}

/** GET /api/v1/me/card/tokens/:token — the holder polls this to learn that someone swapped. */
export function getSwapTokenStatus(token: string): Promise<SwapTokenStatusView> {
  return request(tokenPath(token), { schema: SwapTokenStatusView });
}

/**
 * GET /api/v1/me/card/tokens/:token/wxacode (weapp only) — the mini-program code image as a
 * local temp file. An image, not JSON, so it is downloaded (still through the request wrapper).
 */
export function downloadSwapWxaCode(token: string): Promise<string> {
  return downloadFile(`${tokenPath(token)}/wxacode`);
}

/**
 * POST /api/v1/cards/swap — exchanges both cards. `created: false` means the two had already
 * exchanged. Errors (all with a Chinese message): SWAP_TOKEN_INVALID 400, SWAP_TOKEN_EXPIRED
 * 410, SWAP_TOKEN_USED 409, own card 400, ACCOUNT_DISABLED 410.
 */
export function swapCards(token: string): Promise<SwapResultView> {
  return request('/api/v1/cards/swap', { method: 'POST', body: { token }, schema: SwapResultView });
}

/** POST /api/v1/cards/requests — one-way "request a card"; the other side approves or declines. */
export function requestCard(personId: string, message?: string): Promise<CardRequestView> {
  const body: CardRequestBody = message?.trim() ? { personId, message: message.trim() } : { personId };
  return request('/api/v1/cards/requests', { method: 'POST', body, schema: CardRequestView });
}

/** GET /api/v1/cards/requests?box= — requests to me (incoming) or from me (outgoing). */
export async function listCardRequests(box: CardRequestBox): Promise<CardRequestView[]> {
  const list = await request('/api/v1/cards/requests', { query: { box }, schema: CardRequestList });
  return list.items;
}

/** POST /api/v1/cards/requests/:id/approve — exchanges both cards. */
export function approveCardRequest(id: string): Promise<CardRequestView> {
  return request(`/api/v1/cards/requests/${encodeURIComponent(id)}/approve`, {
    method: 'POST',
    schema: CardRequestView,
  });
}

/** POST /api/v1/cards/requests/:id/decline — nothing is exchanged. */
export function declineCardRequest(id: string): Promise<CardRequestView> {
  return request(`/api/v1/cards/requests/${encodeURIComponent(id)}/decline`, {
    method: 'POST',
    schema: CardRequestView,
  });
}

/** GET /api/v1/contacts?q=&cursor=&limit= — newest first. */
export function listContacts(query: {
  q?: string;
  cursor?: string | null;
  limit?: number;
}): Promise<ContactPage> {
  return request('/api/v1/contacts', {
    query: { q: query.q?.trim() || undefined, cursor: query.cursor ?? undefined, limit: query.limit },
    schema: ContactPage,
  });
}

/** PATCH /api/v1/contacts/:id — my private note; null clears it. */
export function setContactNote(id: string, note: string | null): Promise<ContactView> {
  return request(`/api/v1/contacts/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { note },
    schema: ContactView,
  });
}

/** DELETE /api/v1/contacts/:id — hidden for me; still counted in the alliance's statistics. */
export async function removeContact(id: string): Promise<void> {
  await request(`/api/v1/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/*
 * A swap link opened while signed out: the token is kept so the swap can be retried after
 * sign-in (my-card offers to continue; 我的 may call takePendingSwap() after signing in).
 * Tokens live 5 minutes, so a stale one is simply refused with a clear message.
 */
const PENDING_SWAP_KEY = 'ah.cards.pendingSwap';

export function savePendingSwap(token: string): void {
  try {
    Taro.setStorageSync(PENDING_SWAP_KEY, { token, savedAt: Date.now() });
  } catch {
    // Storage unavailable (private browsing): the user can open the link again.
  }
}

export function peekPendingSwap(maxAgeMs = 10 * 60_000): string | null {
  try {
    const saved: unknown = Taro.getStorageSync(PENDING_SWAP_KEY);
    if (typeof saved !== 'object' || saved === null) return null;
    const { token, savedAt } = saved as { token?: unknown; savedAt?: unknown };
    if (typeof token !== 'string' || typeof savedAt !== 'number' || Date.now() - savedAt > maxAgeMs)
      return null;
    return token;
  } catch {
    return null;
  }
}

export function clearPendingSwap(): void {
  try {
    Taro.removeStorageSync(PENDING_SWAP_KEY);
  } catch {
    // Nothing to clear.
  }
}

/** The pending swap token, removed from storage; null when there is none or it is stale. */
export function takePendingSwap(): string | null {
  const token = peekPendingSwap();
  clearPendingSwap();
  return token;
}
