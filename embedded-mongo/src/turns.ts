/**
 * Turns of the event loop for the server's sliced work (#19): a bulk insert, the decoding of a
 * large message, a long read's batch, a snapshot, an index build. Each runs in slices of ~10 ms
 * and yields between them so that other connections are answered. Yielding with setImmediate
 * alone let every task that had yielded run its next slice in the same check phase, back to back,
 * before the loop polled the sockets again: during a bulk load the insert's, the decoder's and the
 * snapshot's slices made stretches of 30-56 ms with no request answered (the server's trace),
 * three slices where each was meant to be one.
 *
 * Here the waiting tasks take turns: one slice per turn of the loop, in the order they asked, and
 * the sockets are polled between any two. A task alone is resumed on the next turn, as with
 * setImmediate; a small request (a ping, a find by id) is never queued and is answered as soon as
 * the loop polls, after at most one slice.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = waiting.shift();
  // Queued from inside this check phase, the next one runs on the next turn, after a poll.
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(runOne);
}

/** Calls `fn` on a later turn of the event loop, after the sockets were polled and the tasks before it had their slice. */
export function onNextTurn(fn: () => void): void {
  waiting.push(fn);
  schedule();
}

/** Resolves on a later turn of the event loop (see onNextTurn). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => onNextTurn(resolve));
}
