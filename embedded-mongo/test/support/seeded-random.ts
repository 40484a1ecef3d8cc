/**
 * A repeatable random integer below `n` (xorshift32 from `seed`): tests that drive a store and a
 * model through the same random operations fail the same way every run.
 */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}
