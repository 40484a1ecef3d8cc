type Doc = Record<string, unknown>;

/**
 * A read's results, produced one at a time as they are asked for: a cursor holds one and takes
 * each batch from it when the batch is asked for (#19: a find over 300,000 people decoded and
 * projected every match when it opened, one multi-second step of the server and every result in
 * memory at once). `next()` returns undefined once there is nothing left.
 */
export interface DocSource {
  next(): Doc | undefined;
  /**
   * Work to finish before the first result, one short step per call (a sort, see
   * commands/sorted-source.ts): true once done. A cursor calls it between its slices; next()
   * finishes it at once otherwise.
   */
  prepare?(): boolean;
}

/** The documents of an array, in order, each through `map` when given (a projection). */
export class ArraySource implements DocSource {
  private pos = 0;

  constructor(
    private docs: readonly Doc[],
    private readonly map?: ((doc: Doc) => Doc) | null,
  ) {}

  next(): Doc | undefined {
    if (this.pos >= this.docs.length) {
      // What is handed out is not held any longer than it must be.
      this.docs = [];
      return undefined;
    }
    const doc = this.docs[this.pos++];
    return this.map ? this.map(doc) : doc;
  }
}

/** A source's results after the first `skip`, at most `limit` of them (0: no limit), each mapped. */
export class WindowSource implements DocSource {
  private toSkip: number;
  private left: number;

  constructor(
    private readonly source: DocSource,
    skip: number,
    limit: number,
    private readonly map?: ((doc: Doc) => Doc) | null,
  ) {
    this.toSkip = skip;
    this.left = limit > 0 ? limit : Infinity;
  }

  prepare(): boolean {
    return this.source.prepare?.() ?? true;
  }

  next(): Doc | undefined {
    for (; this.toSkip > 0; this.toSkip--) if (this.source.next() === undefined) return undefined;
    if (this.left <= 0) return undefined;
    const doc = this.source.next();
    if (doc === undefined) return undefined;
    this.left--;
    return this.map ? this.map(doc) : doc;
  }
}
