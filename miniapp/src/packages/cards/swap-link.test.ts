import { TOKEN } from './card-factories';
import { parseSwapToken, swapPagePath, tokenFromParams } from './swap-link';

describe('parseSwapToken', () => {
  it('should read the token from the H5 card link', () => {
    expect(parseSwapToken(`https://hub.example.cn/packages/cards/swap/index?t=${TOKEN}`)).toBe(TOKEN);
    expect(parseSwapToken(`  http://127.0.0.1:3000${swapPagePath(TOKEN)}&from=share  `)).toBe(TOKEN);
  });

  it('should read the scene from a scanned mini-program code path, encoded once or twice', () => {
    expect(parseSwapToken(`packages/cards/swap/index?scene=${encodeURIComponent(TOKEN)}`)).toBe(TOKEN);
    const twice = encodeURIComponent(encodeURIComponent('Ab-dEfGhIjK_.MnOpQrStUvWx'));
    expect(parseSwapToken(`packages/cards/swap/index?scene=${twice}`)).toBe('Ab-dEfGhIjK_.MnOpQrStUvWx');
  });

  it('should accept a bare token and refuse text that is not a card code', () => {
    expect(parseSwapToken(TOKEN)).toBe(TOKEN);
    expect(parseSwapToken('https://example.com/?q=1')).toBeNull();
    expect(parseSwapToken('https://example.com/swap?t=%E0%A4%A')).toBeNull();
    expect(parseSwapToken('hello world')).toBeNull();
    expect(parseSwapToken('')).toBeNull();
    expect(parseSwapToken(undefined)).toBeNull();
  });
});

describe('tokenFromParams', () => {
  it('should take t from the link and the decoded scene from a mini-program code', () => {
    expect(tokenFromParams({ t: TOKEN })).toBe(TOKEN);
    expect(tokenFromParams({ scene: encodeURIComponent(TOKEN) })).toBe(TOKEN);
    expect(tokenFromParams({})).toBeNull();
  });
});
