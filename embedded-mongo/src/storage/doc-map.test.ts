import { BSON } from 'mongodb';
import { ChunkUse, DocMap, RawDoc, type StoredImage } from './doc-map';
import { ShardedMap } from './sharded-map';
import { PART } from './parts-array';
import { largestArray, largestMap } from '../../test/support/maps-in';
import { seededRandom } from '../../test/support/seeded-random';

type Doc = Record<string, unknown>;

const decodeRaw = (raw: RawDoc): Doc => BSON.deserialize(raw.bytes) as Doc;

/** The stored forms an image holds, in ordinal order. */
const held = (image: StoredImage) =>
  Array.from({ length: image.length }, (_, i) => image.at(i)).filter((d) => d !== undefined);

describe('DocMap', () => {
  it('should hold what a Map holds, in insertion order, through sets, replacements, deletes, sets again and a clear', () => {
    const m = new DocMap(decodeRaw);
    const model = new Map<string, Doc>();
    const rand = seededRandom(11);
    let mismatches = 0;
    const check = (): void => {
      expect(m.size).toBe(model.size);
      expect([...m.keys()]).toEqual([...model.keys()]);
      expect([...m.values()]).toEqual([...model.values()]);
      expect([...m]).toEqual([...model]);
      expect([...m.storedEntries()]).toEqual([...model]);
      expect(held(m.storedImage())).toEqual([...model.values()]);
      expect([...m.reversed()]).toEqual([...model].reverse());
    };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 30_000; i++) {
        // Few keys, so that removed keys come back (and must go last, as in a Map).
        const key = `k${rand(5_000)}`;
        const op = rand(10);
        if (op < 6) {
          m.set(key, { i });
          model.set(key, { i });
        } else if (op < 9) {
          if (m.delete(key) !== model.delete(key)) mismatches++;
        } else if (m.has(key) !== model.has(key)) mismatches++;
        if ((m.get(key)?.i ?? -1) !== (model.get(key)?.i ?? -1)) mismatches++;
        if (i % 10_000 === 0) check();
      }
      expect(mismatches).toBe(0);
      check();
      m.clear();
      model.clear();
      check();
    }
  });

  it('should walk as a Map walks while it changes: removals ahead are not met, additions and re-additions are, replacements keep their place', () => {
    const ops = <M extends { set(k: string, d: Doc): unknown; delete(k: string): boolean; clear(): void }>(
      map: M,
      walk: Iterable<[string, Doc]>,
    ): string[] => {
      const met: string[] = [];
      let step = 0;
      for (const [k, d] of walk) {
        met.push(`${k}=${String(d.v)}`);
        step++;
        if (step === 1) map.delete('k2500'); // ahead: not met
        if (step === 2) map.set('k3000', { v: 'new' }); // ahead, replaced: met with its new value
        if (step === 3) map.delete('k0'); // behind: gone
        if (step === 4) map.set('k0', { v: 'again' }); // removed, set again: met last
        if (step === 5) map.set('added', { v: 1 }); // added: met
        if (step === 6) map.delete('k1'); // behind
        if (step === 4000) {
          map.clear(); // the walk goes on over what is added after it
          map.set('after', { v: 2 });
        }
      }
      return met;
    };
    const fill = <M extends { set(k: string, d: Doc): unknown }>(map: M): M => {
      // Past several parts, so the walk crosses their ends and removals empty none of them.
      for (let i = 0; i < 5000; i++) map.set(`k${i}`, { v: i });
      return map;
    };
    const m = fill(new DocMap(decodeRaw));
    const model = fill(new Map<string, Doc>());
    const walked = ops(m, m.entries());
    expect(walked).toEqual(ops(model, model.entries()));
    expect(walked).toContain('k3000=new');
    expect(walked.at(-1)).toBe('after=2');
    expect([...m]).toEqual([...model]);
  });

  it('should keep walking past parts whose documents were all removed, and hand out no removed one', () => {
    const m = new DocMap(decodeRaw);
    for (let i = 0; i < 10_000; i++) m.set(`k${i}`, { i });
    for (let i = 1000; i < 9000; i++) m.delete(`k${i}`);
    const walk = m.values();
    const first = walk.next().value as Doc;
    for (let i = 1; i < 1000; i++) m.delete(`k${i}`);
    expect(first.i).toBe(0);
    expect([...walk].map((d) => d.i)).toEqual(Array.from({ length: 1000 }, (_, i) => 9000 + i));
    expect(m.size).toBe(1001);
    m.set('k5', { i: 5 });
    expect([...m.keys()].slice(-2)).toEqual(['k9999', 'k5']);
  });

  it('should hold no Map or array that grows with the collection past a shard or a part, so no insert moves every document', () => {
    const m = new DocMap(decodeRaw);
    for (let i = 0; i < 4 * ShardedMap.SPLIT_AT; i++) m.set(`k${i}`, { i });
    // 64 shards of ~1,024 each; a DocMap that is one Map holds all 65,536.
    expect(largestMap(m)).toBeLessThan(ShardedMap.SPLIT_AT / 4);
    // Nor an array: the documents' slots and the ordinals' keys are in parts.
    expect(largestArray(m)).toBeLessThanOrEqual(PART);
    expect(m.at(m.ordinals.get('k777')!)).toEqual({ i: 777 });
  });

  it('should count documents held as bytes out of their chunk when decoded, replaced, removed or cleared', () => {
    let unused = 0;
    const use = new ChunkUse(() => unused++);
    const bytes = Buffer.concat(
      Array.from({ length: 4 }, (_, i) => Buffer.from(BSON.serialize({ _id: i, v: i }))),
    );
    const raws: RawDoc[] = [];
    for (let p = 0; p < bytes.length;) {
      const len = bytes.readInt32LE(p);
      raws.push(new RawDoc(bytes, p, p + len, use));
      p += len;
    }
    const m = new DocMap(decodeRaw);
    raws.forEach((r, i) => m.setRaw(`k${i}`, r));
    use.seal();
    expect(m.rawCount).toBe(4);
    expect(m.storedValue('k0')).toBe(raws[0]); // not decoded
    expect(m.get('k0')).toEqual({ _id: 0, v: 0 }); // decoded, kept decoded
    expect(m.storedValue('k0')).toEqual({ _id: 0, v: 0 });
    m.set('k1', { _id: 1, v: 'x' });
    m.delete('k2');
    expect(m.rawCount).toBe(1);
    expect(unused).toBe(0);
    expect([...m.stored()][2]).toBe(raws[3]);
    m.clear();
    expect(m.rawCount).toBe(0);
    expect(unused).toBe(1);
  });

  it('should decode documents held as bytes on a walk and keep them decoded', () => {
    const bytes = Buffer.from(BSON.serialize({ _id: 'a', v: 1 }));
    let decoded = 0;
    const m = new DocMap((raw) => (decoded++, decodeRaw(raw)));
    m.setRaw('a', new RawDoc(bytes, 0, bytes.length));
    m.set('b', { _id: 'b' });
    expect([...m.values()]).toEqual([{ _id: 'a', v: 1 }, { _id: 'b' }]);
    expect([...m.entries()].map(([k]) => k)).toEqual(['a', 'b']);
    expect(decoded).toBe(1);
    expect(m.rawCount).toBe(0);
  });

  it("should keep an image's stored forms as they were when it was taken while documents are replaced, removed, added and decoded", () => {
    const bytes = Buffer.from(BSON.serialize({ _id: 'raw', v: 0 }));
    const m = new DocMap(decodeRaw);
    const raw = new RawDoc(bytes, 0, bytes.length);
    m.setRaw('raw', raw);
    const docs = Array.from({ length: 2 * PART }, (_, i) => ({ _id: i }));
    docs.forEach((d, i) => m.set(`k${i}`, d));
    const image = m.storedImage();
    m.set('k1', { _id: 1, changed: true });
    m.delete('k2');
    m.set('late', { _id: 'late' });
    expect(m.get('raw')).toEqual({ _id: 'raw', v: 0 });
    expect(held(image)).toEqual([raw, ...docs]);
    // The map itself reads the changes, and storedAt reads by the image's ordinals.
    expect([m.storedAt(2), m.storedAt(3), m.storedAt(0)]).toEqual([
      { _id: 1, changed: true },
      undefined,
      { _id: 'raw', v: 0 },
    ]);
  });
});
