import { PART, PART_BITS } from './parts-array';

/**
 * Where each stored document's current BSON bytes already lie on disk (#19): the data file (a
 * journal or the snapshot, by the storage engine's file number) and the offset of the record
 * `{ op: 'i' | 'u', ns, d }` whose `d` they are. A snapshot copies those bytes instead of
 * serialising the document again: at 400,000 documents serialising is ~6 s of CPU, more than
 * shutdown's budget, and copying is a read from the page cache.
 *
 * Indexed by the document's ordinal (see postings.ts), 12 bytes per document ever inserted. An
 * entry describes the document stored now or nothing: CollectionStore forgets it whenever a
 * document is inserted, replaced or removed, and the engine sets it again once the change is in
 * the journal (or the document was loaded from a file). File 0 means "not on disk".
 */
export class DocLocations {
  // In parts of PART entries (parts-array.ts), so that neither growing the table nor copying it
  // for a snapshot touches every entry: as one typed array of 300,000 entries, growing it copied
  // them all, and so did a snapshot's start, 10-18 ms (measured alone).
  private files: (Uint32Array | undefined)[] = [];
  private offsets: (Float64Array | undefined)[] = [];
  /** Per part, the epoch it was allocated or copied in; copy() bumps the epoch (copy-on-write). */
  private owned: number[] = [];
  private epoch = 0;
  /** Changes when clear() lets ordinals start again: a copy taken before no longer applies. */
  generation = 0;

  /** The data file holding the ordinal's current bytes, or 0. */
  file(ord: number): number {
    const files = this.files[ord >>> PART_BITS];
    return files ? files[ord & (PART - 1)] : 0;
  }

  /** The offset of that file's record (meaningful only when file() is not 0). */
  offset(ord: number): number {
    return this.offsets[ord >>> PART_BITS]![ord & (PART - 1)];
  }

  set(ord: number, file: number, offset: number): void {
    const p = this.writable(ord >>> PART_BITS);
    this.files[p]![ord & (PART - 1)] = file;
    this.offsets[p]![ord & (PART - 1)] = offset;
  }

  forget(ord: number | undefined): void {
    if (ord === undefined || this.file(ord) === 0) return;
    this.files[this.writable(ord >>> PART_BITS)]![ord & (PART - 1)] = 0;
  }

  /** Forgets every entry (the collection's ordinals start again from 0). */
  clear(): void {
    this.generation++;
    this.files = [];
    this.offsets = [];
    this.owned = [];
  }

  /**
   * The table as it is now, never changed from here on: what a snapshot's image reads while
   * writes go on. Its parts are shared until this table writes to one (then copied, 12 KB).
   */
  copy(): DocLocations {
    const out = new DocLocations();
    out.files = this.files.slice();
    out.offsets = this.offsets.slice();
    out.generation = this.generation;
    this.epoch++;
    out.epoch = this.epoch;
    return out;
  }

  /** Part p, allocated or made this table's own (not shared with a copy) for a write. */
  private writable(p: number): number {
    const files = this.files[p];
    if (!files) {
      this.files[p] = new Uint32Array(PART);
      this.offsets[p] = new Float64Array(PART);
    } else if (this.owned[p] !== this.epoch) {
      this.files[p] = files.slice();
      this.offsets[p] = this.offsets[p]!.slice();
    } else return p;
    this.owned[p] = this.epoch;
    return p;
  }
}
