import { BSON } from 'mongodb';
import { CursorRegistry, takeBatch } from './cursor-registry';

describe('CursorRegistry', () => {
  it('should reap cursors when they sit idle past the timeout', () => {
    const cursors = new CursorRegistry();
    const { id } = cursors.open('db.c', [{ a: 1 }, { a: 2 }, { a: 3 }], 1, false);
    expect(cursors.size).toBe(1);
    expect(cursors.reapIdle(Date.now(), 60_000)).toBe(0);
    expect(cursors.reapIdle(Date.now() + 120_000, 60_000)).toBe(1);
    expect(() => cursors.getMore(id, 'db.c', 1)).toThrow(/not found/);
  });

  it('should keep a batch of small documents within the byte cap when counted as the reply array', () => {
    const docs = Array.from({ length: 5000 }, (_, i) => ({ _id: i }));
    const state = { ns: 'db.c', docs, pos: 0, lastUsed: Date.now() };
    const batch = takeBatch(state, -1, 10_000);
    // Element overhead (type byte, index digits, NUL) is ~half of a 14-byte { _id: i }.
    expect(batch.length).toBeGreaterThan(300);
    // The cap leaves the reply's envelope aside (64 KB of room in the real one).
    expect(BSON.calculateObjectSize({ nextBatch: batch })).toBeLessThanOrEqual(10_000 + 64);
    expect(state.pos).toBe(batch.length);
  });
});
