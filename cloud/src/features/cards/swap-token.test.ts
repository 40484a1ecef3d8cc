import { newSwapToken, verifySwapToken } from './swap-token';

describe('swap tokens', () => {
  const secret = 's'.repeat(32);

  it('should verify its own token and fit a mini-program scene', () => {
    const { nonce, token } = newSwapToken(secret);
    expect(token.length).toBeLessThanOrEqual(32);
    expect(verifySwapToken(token, secret)).toBe(nonce);
  });

  it('should refuse a tampered signature, a tampered nonce, another secret and garbage', () => {
    const { token } = newSwapToken(secret);
    const [nonce, signature] = token.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(verifySwapToken(`${nonce}.${flip(signature)}`, secret)).toBeNull();
    expect(verifySwapToken(`${flip(nonce)}.${signature}`, secret)).toBeNull();
    expect(verifySwapToken(token, 't'.repeat(32))).toBeNull();
    expect(verifySwapToken('not-a-token', secret)).toBeNull();
  });
});
