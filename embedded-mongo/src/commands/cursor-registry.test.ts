import { BSON } from 'mongodb';
import { ArraySource } from '../storage/doc-source';
import { CursorRegistry, newState, takeBatch } from './cursor-registry';

describe('CursorRegistry', () => {
  it('should reap cursors when they sit idle past the timeout', async () => {
    const cursors = new CursorRegistry();
    const { id } = await cursors.open('db.c', [{ a: 1 }, { a: 2 }, { a: 3 }], 1, false);
    expect(cursors.size).toBe(1);
    expect(cursors.reapIdle(Date.now(), 60_000)).toBe(0);
    expect(cursors.reapIdle(Date.now() + 120_000, 60_000)).toBe(1);
    await expect(cursors.getMore(id, 'db.c', 1)).rejects.toThrow(/not found/);
  });

  it('should keep a batch of small documents within the byte cap when counted as the reply array', async () => {
    const docs = Array.from({ length: 5000 }, (_, i) => ({ _id: i }));
    const state = newState('db.c', new ArraySource(docs));
    const batch = await takeBatch(state, -1, 10_000);
    // Element overhead (type byte, index digits, NUL) is ~half of a 14-byte { _id: i }.
    expect(batch.length).toBeGreaterThan(300);
    // The cap leaves the reply's envelope aside (64 KB of room in the real one).
    expect(BSON.calculateObjectSize({ nextBatch: batch })).toBeLessThanOrEqual(10_000 + 64);
    // The first that did not fit is the next batch's first.
    expect(state.pending).toEqual({ _id: batch.length });
    expect((await takeBatch(state, 1))[0]).toEqual({ _id: batch.length });
  });

  it('should let other callbacks run while a batch takes long to read, and refuse a second getMore meanwhile', async () => {
    const cursors = new CursorRegistry();
    let made = 0;
    // Each result takes ~1 ms to read: a batch of 40 runs past a slice.
    const slow = {
      next: () => {
        const until = performance.now() + 1;
        while (performance.now() < until);
        return made < 100 ? { n: made++ } : undefined;
      },
    };
    const { id, batch } = await cursors.open('db.c', slow, 2, false);
    expect(batch).toEqual([{ n: 0 }, { n: 1 }]);
    let ranDuring = false;
    setImmediate(() => (ranDuring = true));
    const reading = cursors.getMore(id, 'db.c', 40);
    const second = cursors.getMore(id, 'db.c', 40);
    await expect(second).rejects.toMatchObject({ code: 143, codeName: 'CursorInUse' });
    const more = await reading;
    expect(ranDuring).toBe(true);
    expect(more.batch.map((d) => d.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const rest = await cursors.getMore(id, 'db.c', -1);
    expect(rest.batch).toHaveLength(58);
    expect(rest.id.isZero()).toBe(true);
  });
});
