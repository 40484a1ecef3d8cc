import { nextTurn, onNextTurn } from './turns';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/**
 * Runs `tasks` sliced loops of `slices` slices each (every slice keeps the thread `ms`) with a
 * timer re-armed on every turn of the loop, and returns what ran in order: `A1`, `B1`, … for the
 * slices and `|` for the timer, which fires once per turn, before the sockets are polled.
 */
async function run(yieldTurn: () => Promise<void>, tasks: string[], slices: number, ms = 2) {
  const seen: string[] = [];
  let done = false;
  const tick = (): void => {
    if (done) return;
    seen.push('|');
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await Promise.all(
    tasks.map(async (name) => {
      for (let i = 1; i <= slices; i++) {
        await yieldTurn();
        busy(ms);
        seen.push(`${name}${i}`);
      }
    }),
  );
  done = true;
  return seen;
}

/** Slices that ran one after another with no turn of the loop between them. */
const backToBack = (seen: string[]) =>
  seen.filter((s, i) => s !== '|' && i > 0 && seen[i - 1] !== '|').length;

describe('turns of the event loop for sliced work', () => {
  it('runs one slice per turn, so the loop polls between any two slices of different tasks', async () => {
    const seen = await run(nextTurn, ['A', 'B', 'C'], 5);
    expect(seen.filter((s) => s !== '|')).toHaveLength(15);
    expect(backToBack(seen)).toBe(0);
  });

  it('is what plain setImmediate yields did not do: their slices ran back to back in one turn', async () => {
    const seen = await run(() => new Promise<void>((r) => setImmediate(r)), ['A', 'B', 'C'], 5);
    expect(backToBack(seen)).toBeGreaterThan(0);
  });

  it('gives the waiting tasks their turns in the order they asked', async () => {
    const seen = await run(nextTurn, ['A', 'B', 'C'], 3, 0);
    expect(seen.filter((s) => s !== '|')).toEqual(['A1', 'B1', 'C1', 'A2', 'B2', 'C2', 'A3', 'B3', 'C3']);
  });

  it('calls a callback on its turn, after a promise that asked before it', async () => {
    const order: string[] = [];
    const first = nextTurn().then(() => order.push('promise'));
    await new Promise<void>((resolve) =>
      onNextTurn(() => {
        order.push('callback');
        resolve();
      }),
    );
    await first;
    expect(order).toEqual(['promise', 'callback']);
  });
});
