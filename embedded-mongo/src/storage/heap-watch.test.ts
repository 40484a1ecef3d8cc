import { HeapWatch } from './heap-watch';

describe('HeapWatch', () => {
  it('should warn once per level with the MONGODB_URI advice when the heap nears its limit', () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, error: () => {}, warn: (msg: string) => warnings.push(msg) };
    let used = 100;
    const watch = new HeapWatch(
      logger,
      () => 400_000,
      () => ({ used, limit: 1000 }),
    );
    expect(watch.check()).toBe(-1);
    used = 650;
    expect(watch.check()).toBe(0);
    expect(watch.check()).toBe(-1);
    used = 850;
    expect(watch.check()).toBe(1);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('MONGODB_URI');
    expect(warnings[1]).toContain('400,000 documents');
    // After falling well back, a new climb is reported again.
    used = 300;
    watch.check();
    used = 700;
    expect(watch.check()).toBe(0);
    expect(warnings).toHaveLength(3);
  });
});
