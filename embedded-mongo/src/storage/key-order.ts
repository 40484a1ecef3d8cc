import type BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import { compareBson, type StringComparator } from '../query/bson-order';
import type { IdSet } from './postings';

/**
 * A compound index key in the ordered structure: every field's value (`v`) and the full hash key
 * (`h`, which breaks ties between collation-equal values). A probe key may give fewer values than
 * the index has fields; `edge` then places it before (-1) or after (1) every key sharing them.
 */
export interface CompoundKey {
  v: unknown[];
  h: string;
  edge?: -1 | 1;
}

/**
 * The full keys of a compound index in index order (each field ascending or descending as the
 * index declares it), each holding the same id set as the index's hash map. This is what lets an
 * equality on the leading fields read the following fields in order, as mongod's B-tree does.
 */
export class CompoundOrder {
  private readonly tree: BTree<CompoundKey, IdSet>;
  private readonly compare: (a: CompoundKey, b: CompoundKey) => number;

  constructor(dirs: Array<1 | -1>, strCmp: StringComparator | undefined, pairs: Array<[CompoundKey, IdSet]>) {
    // Dates and binary strings are most index fields: compared directly, the rest in BSON order.
    const compareValues = (x: unknown, y: unknown): number => {
      if (x instanceof Date && y instanceof Date) {
        const d = x.getTime() - y.getTime();
        if (d === d) return d < 0 ? -1 : d > 0 ? 1 : 0;
      } else if (!strCmp && typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
      return compareBson(x, y, strCmp);
    };
    this.compare = (a, b) => {
      const n = Math.min(a.v.length, b.v.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(a.v[i], b.v[i]);
        if (c !== 0) return c * dirs[i];
      }
      if (a.v.length !== b.v.length) return a.v.length < b.v.length ? (a.edge ?? -1) : -(b.edge ?? -1);
      if (a.edge || b.edge) return (a.edge ?? 0) - (b.edge ?? 0);
      return a.h < b.h ? -1 : a.h > b.h ? 1 : 0;
    };
    // Sorted once, then loaded bottom-up: inserting key by key searched the tree for each.
    pairs.sort((a, b) => this.compare(a[0], b[0]));
    this.tree = bulkLoad(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
      32,
      this.compare,
    );
  }

  /** A key that appeared in the index (its id set is the index's own, filled by the index). */
  add(key: string, values: unknown[], ids: IdSet): void {
    this.tree.set({ v: values, h: key }, ids);
  }

  /** A key that no document holds any more. */
  delete(key: string, values: unknown[]): void {
    this.tree.delete({ v: values, h: key });
  }

  /**
   * The keys whose leading values equal `prefix` (under the index's collation), in index order or
   * reversed, starting at `from` (more leading values: the first key at or after them in the
   * direction of the walk). Stops where the prefix ends.
   */
  *scan(prefix: unknown[], from: unknown[] | null, reverse: boolean): Generator<[unknown[], IdSet]> {
    const start: CompoundKey = { v: from ?? prefix, h: '', edge: reverse ? 1 : -1 };
    const end: CompoundKey = { v: prefix, h: '', edge: reverse ? -1 : 1 };
    const it = reverse ? this.tree.entriesReversed(start) : this.tree.entries(start);
    for (const [k, ids] of it) {
      const c = this.compare(k, end);
      if (reverse ? c < 0 : c > 0) return;
      yield [k.v, ids];
    }
  }
}
