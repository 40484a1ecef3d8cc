import { PART, PartsArray } from './parts-array';
import { DocOrdinals } from './postings';
import { largestArray } from '../../test/support/maps-in';

describe('PartsArray', () => {
  it('should read what an array holds through pushes, sets, dropped parts and a clear', () => {
    const a = new PartsArray<number | undefined>();
    const model: (number | undefined)[] = [];
    for (let i = 0; i < 3 * PART + 5; i++) {
      expect(a.push(i * 2)).toBe(i);
      model.push(i * 2);
    }
    for (let i = 0; i < model.length; i += 7) {
      a.set(i, undefined);
      model[i] = undefined;
    }
    expect(a.length).toBe(model.length);
    expect(Array.from({ length: a.length }, (_, i) => a.at(i))).toEqual(model);
    // A part's slots as they are, for walks; a dropped part reads as nothing.
    expect(a.partCount).toBe(4);
    expect(a.part(1)![3]).toBe(model[PART + 3]);
    a.drop(1);
    expect([a.part(1), a.at(PART + 3), a.at(2 * PART + 3)]).toEqual([null, undefined, model[2 * PART + 3]]);
    expect(a.at(10 * PART)).toBeUndefined();
    a.clear();
    expect([a.length, a.partCount, a.at(3)]).toEqual([0, 0, undefined]);
    expect(a.push(9)).toBe(0);
  });

  it("should hold no array longer than a part in a collection's ordinals, so no insert copies every id key", () => {
    const ordinals = new DocOrdinals();
    for (let i = 0; i < 64 * PART; i++) ordinals.ensure(`k${i}`);
    ordinals.release('k5');
    // One plain array of the 65,536 id keys before.
    expect(largestArray(ordinals)).toBeLessThanOrEqual(PART);
    expect([ordinals.key(64 * PART - 1), ordinals.key(5), ordinals.capacity]).toEqual([
      `k${64 * PART - 1}`,
      undefined,
      64 * PART,
    ]);
  });
});
