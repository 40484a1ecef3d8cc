import { CursorRegistry } from './cursor-registry';

describe('CursorRegistry', () => {
  it('should reap cursors when they sit idle past the timeout', () => {
    const cursors = new CursorRegistry();
    const { id } = cursors.open('db.c', [{ a: 1 }, { a: 2 }, { a: 3 }], 1, false);
    expect(cursors.size).toBe(1);
    expect(cursors.reapIdle(Date.now(), 60_000)).toBe(0);
    expect(cursors.reapIdle(Date.now() + 120_000, 60_000)).toBe(1);
    expect(() => cursors.getMore(id, 'db.c', 1)).toThrow(/not found/);
  });
});
