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
  private files = new Uint32Array(0);
  private offsets = new Float64Array(0);
  /** Changes when clear() lets ordinals start again: a copy taken before no longer applies. */
  generation = 0;

  /** The data file holding the ordinal's current bytes, or 0. */
  file(ord: number): number {
    return ord < this.files.length ? this.files[ord] : 0;
  }

  /** The offset of that file's record (meaningful only when file() is not 0). */
  offset(ord: number): number {
    return this.offsets[ord];
  }

  set(ord: number, file: number, offset: number): void {
    if (ord >= this.files.length) this.grow(ord + 1);
    this.files[ord] = file;
    this.offsets[ord] = offset;
  }

  forget(ord: number | undefined): void {
    if (ord !== undefined && ord < this.files.length) this.files[ord] = 0;
  }

  /** Forgets every entry (the collection's ordinals start again from 0). */
  clear(): void {
    this.generation++;
    this.files = new Uint32Array(0);
    this.offsets = new Float64Array(0);
  }

  /** A copy of the table as it is now: what a snapshot's image reads while writes go on. */
  copy(): DocLocations {
    const out = new DocLocations();
    out.files = this.files.slice();
    out.offsets = this.offsets.slice();
    out.generation = this.generation;
    return out;
  }

  private grow(min: number): void {
    const size = Math.max(min, Math.ceil(this.files.length * 1.5), 1024);
    const files = new Uint32Array(size);
    files.set(this.files);
    const offsets = new Float64Array(size);
    offsets.set(this.offsets);
    this.files = files;
    this.offsets = offsets;
  }
}
