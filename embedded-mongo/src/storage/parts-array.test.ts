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

  it('should keep a fork as it was through later sets, drops and a clear, copying only the parts written', () => {
    const a = new PartsArray<number | undefined>();
    for (let i = 0; i < 3 * PART + 5; i++) a.push(i);
    const view = a.fork();
    const slots = (x: PartsArray<number | undefined>) => Array.from({ length: x.length }, (_, i) => x.at(i));
    const before = slots(view);
    a.set(5, -1); // part 0
    a.set(PART + 5, -2); // part 1
    a.set(PART + 6, -3); // part 1 again: already this array's own
    a.push(-4); // part 3, past the fork's last slot
    a.drop(2);
    // The live array reads the changes; the fork does not, and the parts not written are shared still.
    expect([a.at(5), a.at(PART + 5), a.at(PART + 6), a.at(3 * PART + 5), a.at(2 * PART)]).toEqual([
      -1,
      -2,
      -3,
      -4,
      undefined,
    ]);
    expect(slots(view)).toEqual(before);
    expect([a.part(0) === view.part(0), a.part(1) === view.part(1), a.part(3) === view.part(3)]).toEqual([
      false,
      false,
      false,
    ]);
    const second = a.fork();
    expect(second.part(0)).toBe(a.part(0));
    // A write to the fork copies too: the array it came from does not see it.
    second.set(7, -5);
    expect([second.at(7), a.at(7), second.part(0) === a.part(0)]).toEqual([-5, 7, false]);
    a.clear();
    expect(slots(view)).toEqual(before);
    expect(second.at(PART + 5)).toBe(-2);
  });

  it('should keep typed-array parts as they are, reading 0 where nothing was set', () => {
    const a = new PartsArray<number, Float64Array>(() => new Float64Array(PART));
    a.set(PART + 1, 1.5);
    const view = a.fork();
    a.set(PART + 1, 2.5);
    expect([a.at(PART + 1), view.at(PART + 1), a.at(PART), a.at(0)]).toEqual([2.5, 1.5, 0, undefined]);
    expect(a.part(1)).toBeInstanceOf(Float64Array);
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
