/** Where a swap token leads: the swap page, opened from a link (`t`) or a mini-program code (`scene`). */
export const SWAP_PAGE = '/packages/cards/swap/index';
export const MY_CARD_PAGE = '/packages/cards/my-card/index';
export const CONTACTS_PAGE = '/packages/cards/contacts/index';
export const REQUESTS_PAGE = '/packages/cards/requests/index';
export const ME_TAB = '/pages/me/index';

/** A token is `nonce.signature` in base64url; anything else is not worth a request. */
const TOKEN_SHAPE = /^[\w-]{4,32}\.[\w-]{4,32}$/;

export function swapPagePath(token: string): string {
  return `${SWAP_PAGE}?t=${encodeURIComponent(token)}`;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The swap token in whatever a scan or a paste produced: the card link (`…/swap/index?t=…`),
 * a mini-program code's path (`packages/cards/swap/index?scene=…`; WeChat URL-encodes scene,
 * sometimes twice), or the bare token. Null when nothing in it looks like a token.
 */
export function parseSwapToken(scanned: string | null | undefined): string | null {
  const text = (scanned ?? '').trim();
  if (!text) return null;
  const param = /[?&#](?:t|scene)=([^&#\s]+)/.exec(text);
  let candidate = param ? param[1] : text;
  // Decode until stable: scene arrives encoded once by WeChat and again when put in a path.
  for (let i = 0; i < 3; i += 1) {
    const decoded = decode(candidate);
    if (decoded === candidate) break;
    candidate = decoded;
  }
  candidate = candidate.trim();
  return TOKEN_SHAPE.test(candidate) ? candidate : null;
}

/** The token a page was opened with: `?t=` from the H5 link, `?scene=` from the mini-program code. */
export function tokenFromParams(params: Partial<Record<string, string | undefined>>): string | null {
  const raw = params.t ?? params.scene;
  return raw ? parseSwapToken(`?t=${raw}`) : null;
}
