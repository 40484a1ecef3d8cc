import { ObjectId } from 'mongodb';
import { compileProjection } from './projection';

/**
 * An inclusion of top-level fields takes a shortcut (topLevelFields); its output must be the
 * general path's exactly: same fields, same order (`_id` first, then the document's order),
 * embedded documents copied with their fields in order. The general path is forced by an extra
 * `$slice` of a field no document holds, which adds nothing.
 */
const DOCS: Array<Record<string, unknown>> = [
  { _id: new ObjectId('000000000000000000000001'), name: '哈尔滨华科', kind: 'college', n: 1 },
  { kind: 'company', _id: 7, region: { province: '黑龙江', city: '哈尔滨', z: { b: 1, a: 2 } }, name: 'x' },
  { name: 'no id', tags: [{ b: 1, a: 2 }, 'x'], region: null, undef: undefined },
  { _id: 'late', other: 1, undef: undefined, n: [1, 2], name: { last: 'b', first: 'a' } },
  {},
];

const SPECS: Array<Record<string, unknown>> = [
  { name: 1, kind: 1, region: 1, n: 1 },
  { name: 1, _id: 0, region: true, undef: 1 },
  { region: 1, tags: 1, _id: 1 },
  { missing: 1 },
];

describe('projection of top-level fields', () => {
  it('should give what the general inclusion gives', () => {
    for (const spec of SPECS) {
      const fast = compileProjection(spec)!;
      const general = compileProjection({ ...spec, zzzNoSuchField: { $slice: 1 } })!;
      for (const doc of DOCS) {
        const a = fast(doc);
        const b = general(doc);
        expect(a).toEqual(b);
        expect(JSON.stringify(Object.keys(a))).toBe(JSON.stringify(Object.keys(b)));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        // Embedded documents are copies, as the general path makes them.
        for (const [k, v] of Object.entries(a)) {
          if (
            v &&
            typeof v === 'object' &&
            !Array.isArray(v) &&
            Object.getPrototypeOf(v) === Object.prototype
          )
            expect(v).not.toBe(doc[k]);
        }
      }
    }
  });
});
