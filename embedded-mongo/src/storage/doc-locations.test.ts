import { DocLocations } from './doc-locations';
import { PART } from './parts-array';

describe('DocLocations', () => {
  it('should keep a copy as the table stood while the table is written, forgotten and cleared', () => {
    const live = new DocLocations();
    const n = 3 * PART + 7;
    for (let ord = 0; ord < n; ord++) live.set(ord, 1 + (ord % 3), ord * 100);
    const copy = live.copy();
    live.set(5, 9, 1); // a part shared with the copy: copied before the write
    live.forget(PART + 1);
    live.set(n, 2, 42); // past the copy's last entry
    live.set(10 * PART, 2, 43); // parts never written before
    expect([live.file(5), live.offset(5), live.file(PART + 1), live.file(n), live.file(10 * PART)]).toEqual([
      9, 1, 0, 2, 2,
    ]);
    expect(live.file(7 * PART)).toBe(0);
    for (let ord = 0; ord < n; ord++) {
      expect([copy.file(ord), copy.offset(ord)]).toEqual([1 + (ord % 3), ord * 100]);
    }
    expect(copy.file(n)).toBe(0);
    live.clear();
    expect([live.file(5), live.generation === copy.generation, copy.file(5)]).toEqual([0, false, 3]);
  });
});
