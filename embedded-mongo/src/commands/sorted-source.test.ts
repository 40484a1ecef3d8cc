import { sortDocuments, type SortSpec } from '../query/bson-order';
import { parseCollation } from '../query/collation';
import { ArraySource } from '../storage/doc-source';
import type { Doc } from './command-context';
import { SortedSource } from './sorted-source';

/** Every result of a sorted source, preparing it in steps as a cursor does. */
function drain(source: SortedSource): { docs: Doc[]; steps: number } {
  let steps = 0;
  while (!source.prepare()) steps++;
  const docs: Doc[] = [];
  for (let d = source.next(); d !== undefined; d = source.next()) docs.push(d);
  return { docs, steps };
}

describe('SortedSource', () => {
  let seed = 7;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const docs: Doc[] = Array.from({ length: 9000 }, (_, i) => {
    const doc: Doc = { _id: i, a: rand(20), s: ['b', 'B', 'a', 'Ä', 'c'][rand(5)] };
    // Arrays sort by their least (ascending) or greatest (descending) element; some lack the field.
    if (i % 7 === 0) doc.a = [rand(20), rand(20)];
    if (i % 11 === 0) delete doc.a;
    return doc;
  });

  it.each<[string, SortSpec]>([
    ['one field with ties', { a: 1 }],
    ['descending then ascending', { a: -1, s: 1 }],
    ['strings then a number', { s: 1, a: -1 }],
  ])('should give the order sortDocuments gives when sorting by %s, in steps', (_, spec) => {
    const { docs: sorted, steps } = drain(new SortedSource(new ArraySource(docs), spec));
    expect(sorted.map((d) => d._id)).toEqual(sortDocuments(docs, spec).map((d) => d._id));
    // Collected a step at a time and sorted in runs: never one step over every match.
    expect(steps).toBeGreaterThan(10);
  });

  it('should compare strings under the collation when given one', () => {
    const compare = parseCollation({ locale: 'en', strength: 1 })!.compare;
    const { docs: sorted } = drain(new SortedSource(new ArraySource(docs), { s: 1 }, compare));
    expect(sorted.map((d) => d._id)).toEqual(sortDocuments(docs, { s: 1 }, compare).map((d) => d._id));
  });

  it('should give nothing when nothing matches', () => {
    expect(drain(new SortedSource(new ArraySource([]), { a: 1 })).docs).toEqual([]);
  });
});
