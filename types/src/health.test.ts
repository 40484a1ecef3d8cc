import { HealthView, PageQuery, z } from './index';

describe('types', () => {
  it('should accept a well-formed health view', () => {
    const parsed = HealthView.parse({
      status: 'ok',
      version: '0.1.0',
      time: new Date().toISOString(),
      database: { state: 'up', kind: 'embedded' },
    });
    expect(parsed.database.state).toBe('up');
  });

  it('should reject an unknown database state', () => {
    expect(() =>
      HealthView.parse({ status: 'ok', version: '1', time: '', database: { state: 'x', kind: 'embedded' } }),
    ).toThrow(z.ZodError);
  });

  it('should default and cap the page limit', () => {
    expect(PageQuery.parse({}).limit).toBe(20);
    expect(PageQuery.parse({ limit: '100' }).limit).toBe(100);
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('should never compile schemas with new Function (WeChat forbids it)', () => {
    const original = globalThis.Function;
    const spy = jest.fn();
    // Any attempt by zod to JIT would construct a Function; fail loudly if it happens.
    (globalThis as { Function: unknown }).Function = new Proxy(original, {
      construct(target, args) {
        spy(args);
        return Reflect.construct(target, args);
      },
    });
    try {
      const schema = z.object({ a: z.string(), b: z.number().optional() });
      for (let i = 0; i < 20; i++) schema.parse({ a: 'x', b: i });
    } finally {
      (globalThis as { Function: unknown }).Function = original;
    }
    expect(spy).not.toHaveBeenCalled();
  });
});
