import { FilterCache } from './filter-cache';

describe('FilterCache', () => {
  const counting = () => {
    let compiled = 0;
    return {
      compile: (tag: string) => () => ({ tag, n: ++compiled }),
      get count() {
        return compiled;
      },
    };
  };

  it('keeps a filter from its second use on, and answers later uses with the kept one', () => {
    const cache = new FilterCache<{ tag: string; n: number }>();
    const c = counting();
    const first = cache.get('a', c.compile('a'));
    expect(cache.size).toBe(0);
    const second = cache.get('a', c.compile('a'));
    expect(second).not.toBe(first);
    expect(cache.size).toBe(1);
    expect(cache.get('a', c.compile('a'))).toBe(second);
    expect(cache.get('a', c.compile('a'))).toBe(second);
    expect(c.count).toBe(2);
  });

  it('does not let filters used once push out the repeating ones', () => {
    const cache = new FilterCache<{ tag: string; n: number }>(1000, 4096);
    const c = counting();
    cache.get('search', c.compile('search'));
    const kept = cache.get('search', c.compile('search'));
    // A session read per request, each with its own time: 5,000 filters never seen again.
    for (let i = 0; i < 5000; i++) {
      cache.get(`session ${1_796_307_912_714 + i}`, c.compile('session'));
      if (i % 50 === 0) expect(cache.get('search', c.compile('search'))).toBe(kept);
    }
    expect(cache.size).toBe(1);
    expect(c.count).toBe(2 + 5000);
  });

  it('empties itself once full, then keeps the filters that come back', () => {
    const cache = new FilterCache<{ tag: string; n: number }>(3, 100);
    const c = counting();
    for (const k of ['a', 'b', 'c', 'a', 'b', 'c']) cache.get(k, c.compile(k));
    expect(cache.size).toBe(3);
    cache.get('d', c.compile('d'));
    cache.get('d', c.compile('d'));
    expect(cache.size).toBe(1);
    const d = cache.get('d', c.compile('d'));
    expect(d.tag).toBe('d');
    expect(c.count).toBe(8);
  });
});
