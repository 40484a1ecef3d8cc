import { PART, PartsArray } from './parts-array';

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
  // In parts (PartsArray), so that neither growing the table nor copying it for a snapshot touches
  // every entry: as one typed array of 300,000 entries, growing it copied them all, and so did a
  // snapshot's start, 10-18 ms (measured alone).
  private files = new PartsArray<number, Uint32Array>(() => new Uint32Array(PART));
  private offsets = new PartsArray<number, Float64Array>(() => new Float64Array(PART));
  /** Changes when clear() lets ordinals start again: a copy taken before no longer applies. */
  generation = 0;

  /** The data file holding the ordinal's current bytes, or 0. */
  file(ord: number): number {
    return this.files.at(ord) ?? 0;
  }

  /** The offset of that file's record (meaningful only when file() is not 0). */
  offset(ord: number): number {
    return this.offsets.at(ord)!;
  }

  set(ord: number, file: number, offset: number): void {
    this.files.set(ord, file);
    this.offsets.set(ord, offset);
  }

  forget(ord: number | undefined): void {
    if (ord !== undefined && this.file(ord) !== 0) this.files.set(ord, 0);
  }

  /** Forgets every entry (the collection's ordinals start again from 0). */
  clear(): void {
    this.generation++;
    this.files.clear();
    this.offsets.clear();
  }

  /**
   * The table as it is now, never changed from here on: what a snapshot's image reads while
   * writes go on (PartsArray.fork: the parts are shared until this table writes to one).
   */
  copy(): DocLocations {
    const out = new DocLocations();
    out.files = this.files.fork();
    out.offsets = this.offsets.fork();
    out.generation = this.generation;
    return out;
  }
}
