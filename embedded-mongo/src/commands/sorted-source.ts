import { compareBson, sortKeyFor, type SortSpec, type StringComparator } from '../query/bson-order';
import type { DocSource } from '../storage/doc-source';
import type { Doc } from './command-context';

interface Keyed {
  doc: Doc;
  /** Natural order: ties keep it, as sortDocuments' stable sort does. */
  seq: number;
  keys: unknown[];
}

/** Matches read per prepare() step while collecting, and the length of each sorted run. */
const COLLECT_STEP = 1024;
const RUN = 2048;

/**
 * A sort no index delivers, for a cursor (#19): the matches are collected and sorted in short
 * steps (prepare(), which the cursor calls between its slices) instead of in one: sorting 300,000
 * people by name held the server's thread 1.3-2.1 s. Runs of RUN matches are each sorted, then
 * merged as batches are read, in the order sortDocuments gives (the same keys and comparison,
 * ties in natural order). Each match is the document as it was when collected.
 */
export class SortedSource implements DocSource {
  private collecting = true;
  private keyed: Keyed[] = [];
  private sortedUpTo = 0;
  private runs: Keyed[][] = [];
  /** Per run, the position of its next match; `heap` holds the runs with one left, least first. */
  private pos: number[] = [];
  private heap: number[] | null = null;
  private readonly fields: Array<[string, 1 | -1]>;

  constructor(
    private readonly matches: DocSource,
    spec: SortSpec,
    private readonly strCmp?: StringComparator,
  ) {
    this.fields = Object.entries(spec).map(([k, v]) => [k, typeof v === 'number' && v < 0 ? -1 : 1]);
  }

  prepare(): boolean {
    if (this.heap) return true;
    if (this.collecting) {
      for (let n = 0; n < COLLECT_STEP; n++) {
        const doc = this.matches.next();
        if (doc === undefined) {
          this.collecting = false;
          break;
        }
        const keys = this.fields.map(([path, dir]) => sortKeyFor(doc, path, dir, this.strCmp));
        this.keyed.push({ doc, seq: this.keyed.length, keys });
      }
      return false;
    }
    if (this.sortedUpTo < this.keyed.length) {
      const run = this.keyed.slice(this.sortedUpTo, this.sortedUpTo + RUN).sort(this.order);
      this.runs.push(run);
      this.sortedUpTo += run.length;
      return false;
    }
    this.keyed = [];
    this.pos = this.runs.map(() => 0);
    this.heap = [];
    for (let r = 0; r < this.runs.length; r++) this.push(r);
    return true;
  }

  next(): Doc | undefined {
    while (!this.prepare());
    const heap = this.heap!;
    if (heap.length === 0) return undefined;
    const r = heap[0];
    const doc = this.runs[r][this.pos[r]++].doc;
    // The top's run moves on to its next match, or, used up, gives its place to the last run.
    if (this.pos[r] < this.runs[r].length) this.siftDown(r);
    else {
      this.runs[r] = [];
      const last = heap.pop()!;
      if (heap.length > 0) this.siftDown(last);
    }
    return doc;
  }

  private readonly order = (x: Keyed, y: Keyed): number => {
    for (let f = 0; f < this.fields.length; f++) {
      const c = compareBson(x.keys[f], y.keys[f], this.strCmp);
      if (c !== 0) return c * this.fields[f][1];
    }
    return x.seq - y.seq;
  };

  private head(r: number): Keyed {
    return this.runs[r][this.pos[r]];
  }

  private push(r: number): void {
    const heap = this.heap!;
    let j = heap.length;
    heap.push(r);
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (this.order(this.head(heap[p]), this.head(r)) <= 0) break;
      heap[j] = heap[p];
      j = p;
    }
    heap[j] = r;
  }

  /** Puts run `r` at the heap's top and moves it down to its place (the top's slot is free). */
  private siftDown(r: number): void {
    const heap = this.heap!;
    const n = heap.length;
    let j = 0;
    for (;;) {
      const l = 2 * j + 1;
      if (l >= n) break;
      const c = l + 1 < n && this.order(this.head(heap[l + 1]), this.head(heap[l])) < 0 ? l + 1 : l;
      if (this.order(this.head(heap[c]), this.head(r)) >= 0) break;
      heap[j] = heap[c];
      j = c;
    }
    heap[j] = r;
  }
}
