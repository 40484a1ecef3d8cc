import { compareBson } from '../query/bson-order';
import { PART } from './parts-array';

/** Entries of a run at most: a run is split when an entry goes into a full one. */
const RUN = PART;

/** Consecutive entries of an IdOrder: `n` ids and their ordinals, in ascending order. */
interface Run {
  ids: unknown[];
  ords: Int32Array;
  n: number;
}

/** A run with room for RUN entries, or for a few when it is a collection's first (most stay small). */
const newRun = (first = false): Run =>
  first
    ? { ids: [], ords: new Int32Array(16), n: 0 }
    : { ids: new Array<unknown>(RUN), ords: new Int32Array(RUN), n: 0 };

/** Room for `n` entries (at most RUN) in a run: only a first run starts with less than RUN. */
function reserve(run: Run, n = run.n + 1): void {
  if (n <= run.ords.length) return;
  let size = run.ords.length;
  while (size < n) size *= 4;
  const ords = new Int32Array(Math.min(RUN, size));
  ords.set(run.ords);
  run.ords = ords;
}

/**
 * The documents of a collection in ascending `_id` order (BSON order), so sorted reads with a limit
 * can stop early. Each entry is a document's `_id` and its ordinal (see postings.ts); equal ids go
 * by ordinal. The id key is not kept: it is the ordinal's (DocOrdinals.key).
 *
 * The entries are kept in runs of at most RUN, so that no step moves them all (#19's bulk-load
 * pauses): appends in order (ObjectIds, counters) fill the last run and start another; an id out
 * of order goes into its run, moving at most RUN entries (a full run is split where the id goes,
 * so ids arriving in either direction still fill runs); a removal takes its entry out of its run.
 * Two plain arrays of every entry, as before, were copied whole each time V8 grew them (35-48 ms at
 * directory scale), and an id out of order was merged in by rebuilding both.
 *
 * Entries are also read by position (sorted reads walk positions from a lowerBound): each run's
 * first position is kept, recomputed from the first run that changed size when next needed.
 */
export class IdOrder {
  private runs: Run[] = [];
  /** starts[r] is the position of run r's first entry, for the runs below `startsValid`. */
  private starts: number[] = [];
  private startsValid = 0;
  private count = 0;
  /** The run the last position was found in: walks read positions one after another. */
  private hint = 0;

  get size(): number {
    return this.count;
  }

  add(id: unknown, ord: number): void {
    const last = this.runs[this.runs.length - 1];
    // An ordinal is larger than every one before it (never reused), so an equal id goes last too.
    if (!last || compareBson(id, last.ids[last.n - 1]) >= 0) {
      this.append(id, ord);
      return;
    }
    let [r, i] = this.seek(id, ord);
    let run = this.runs[r];
    // Between two runs: into the end of the one before when it has room.
    if (i === 0 && r > 0 && this.runs[r - 1].n < RUN) {
      run = this.runs[--r];
      i = run.n;
    }
    if (run.n === RUN) {
      // Full: the entries from i on move to a run of their own, the id goes after those before it.
      const tail = newRun();
      tail.n = RUN - i;
      for (let k = i; k < RUN; k++) {
        tail.ids[k - i] = run.ids[k];
        run.ids[k] = undefined;
      }
      tail.ords.set(run.ords.subarray(i, RUN));
      run.n = i;
      this.runs.splice(r + 1, 0, tail);
    }
    reserve(run);
    for (let k = run.n; k > i; k--) run.ids[k] = run.ids[k - 1];
    run.ords.copyWithin(i + 1, i, run.n);
    run.ids[i] = id;
    run.ords[i] = ord;
    run.n++;
    this.count++;
    this.changed(r);
  }

  /** Takes out the entry of a removed document (its `_id` and ordinal). */
  remove(id: unknown, ord: number): void {
    let [r, i] = this.seek(id, -1);
    // Equal ids (they go by ordinal) up to the one with this ordinal.
    while (r < this.runs.length) {
      const run = this.runs[r];
      if (i === run.n) {
        r++;
        i = 0;
        continue;
      }
      if (compareBson(run.ids[i], id) !== 0) return;
      if (run.ords[i] === ord) break;
      i++;
    }
    if (r === this.runs.length) return;
    const run = this.runs[r];
    for (let k = i; k < run.n - 1; k++) run.ids[k] = run.ids[k + 1];
    run.ords.copyWithin(i, i + 1, run.n);
    run.ids[--run.n] = undefined;
    this.count--;
    this.changed(r);
    const before = this.runs[r - 1];
    if (run.n === 0) this.runs.splice(r, 1);
    else if (run.n < RUN / 4 && before && before.n + run.n <= RUN) {
      // A run emptied by removals joins the one before, so removals leave few sparse runs behind.
      reserve(before, before.n + run.n);
      for (let k = 0; k < run.n; k++) before.ids[before.n + k] = run.ids[k];
      before.ords.set(run.ords.subarray(0, run.n), before.n);
      before.n += run.n;
      this.runs.splice(r, 1);
      this.changed(r - 1);
    }
  }

  clear(): void {
    this.runs = [];
    this.starts = [];
    this.startsValid = 0;
    this.count = 0;
    this.hint = 0;
  }

  /** The entry at a position's `_id`. */
  idAt(i: number): unknown {
    const r = this.runAt(i);
    return this.runs[r].ids[i - this.starts[r]];
  }

  /** The entry at a position's document ordinal. */
  ordAt(i: number): number {
    const r = this.runAt(i);
    return this.runs[r].ords[i - this.starts[r]];
  }

  /** Position of the first entry whose id is >= (or > when `strict`) `id`. */
  lowerBound(id: unknown, strict: boolean): number {
    const [r, i] = this.seek(id, strict ? Infinity : -1);
    if (r === this.runs.length) return this.count;
    this.settleStarts();
    return this.starts[r] + i;
  }

  /**
   * Where (run, index in it) the entry (id, ord) goes: before the first entry greater than it by id,
   * then ordinal. (runs.length, 0) when there are no runs.
   */
  private seek(id: unknown, ord: number): [number, number] {
    const runs = this.runs;
    const after = (run: Run, k: number): boolean => {
      const c = compareBson(run.ids[k], id);
      return c > 0 || (c === 0 && run.ords[k] > ord);
    };
    // The first run whose last entry is after it (the last run if none is).
    let lo = 0;
    let hi = runs.length - 1;
    if (hi < 0) return [0, 0];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(runs[mid], runs[mid].n - 1)) hi = mid;
      else lo = mid + 1;
    }
    const run = runs[lo];
    let a = 0;
    let b = run.n;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (after(run, mid)) b = mid;
      else a = mid + 1;
    }
    return [lo, a];
  }

  private append(id: unknown, ord: number): void {
    let run = this.runs[this.runs.length - 1];
    if (!run || run.n === RUN) this.runs.push((run = newRun(!run)));
    reserve(run);
    run.ids[run.n] = id;
    run.ords[run.n++] = ord;
    this.count++;
  }

  /** Run r changed size: the positions of the runs after it moved. */
  private changed(r: number): void {
    if (this.startsValid > r + 1) this.startsValid = r + 1;
  }

  private settleStarts(): void {
    const runs = this.runs;
    let r = this.startsValid;
    let at = r === 0 ? 0 : this.starts[r - 1] + runs[r - 1].n;
    for (; r < runs.length; r++) {
      this.starts[r] = at;
      at += runs[r].n;
    }
    this.starts.length = runs.length;
    this.startsValid = runs.length;
  }

  /** The run holding position i (0 <= i < size). */
  private runAt(i: number): number {
    if (this.startsValid < this.runs.length) this.settleStarts();
    const starts = this.starts;
    const h = this.hint;
    if (h < this.runs.length && i >= starts[h] && i < starts[h] + this.runs[h].n) return h;
    // Walks go one position after another: the next or previous run before a search.
    if (h + 1 < this.runs.length && i >= starts[h + 1] && i < starts[h + 1] + this.runs[h + 1].n)
      return (this.hint = h + 1);
    if (h > 0 && h - 1 < this.runs.length && i >= starts[h - 1] && i < starts[h - 1] + this.runs[h - 1].n)
      return (this.hint = h - 1);
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }
}
