import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A swap token is `nonce.signature`: 12 + 1 + 12 characters, so it also fits a mini-program
 * code's `scene` (WeChat allows at most 32). The nonce is random (72 bits); the signature
 * (an HMAC over the nonce, truncated to 72 bits) lets a tampered or made-up token be refused
 * before the database is asked. Who owns it and when it expires live server-side.
 */
const NONCE_BYTES = 9;
const SIGNATURE_CHARS = 12;

const sign = (nonce: string, secret: string) =>
  createHmac('sha256', secret).update(`swap:${nonce}`).digest('base64url').slice(0, SIGNATURE_CHARS);

export function newSwapToken(secret: string): { nonce: string; token: string } {
  const nonce = randomBytes(NONCE_BYTES).toString('base64url');
  return { nonce, token: `${nonce}.${sign(nonce, secret)}` };
}

/** The nonce of a well-formed, correctly signed token; null for anything else. */
export function verifySwapToken(token: string, secret: string): string | null {
  const match = /^([\w-]{12})\.([\w-]{12})$/.exec(token.trim());
  if (!match) return null;
  const [, nonce, signature] = match;
  const expected = Buffer.from(sign(nonce, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : null;
}
