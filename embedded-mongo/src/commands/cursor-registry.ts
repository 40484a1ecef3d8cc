import { BSON, Long } from 'mongodb';
import { MongoCommandError } from '../errors';
import { traceStep } from '../pause-trace';
import { ArraySource, type DocSource } from '../storage/doc-source';
import { EncodedBatch, SERIALIZE_OPTIONS } from '../wire/encoded-batch';
import { nextTurn } from '../turns';

type Doc = Record<string, unknown>;

export interface CursorState {
  ns: string;
  /** Where the results not yet handed out come from (see doc-source.ts). */
  source: DocSource;
  /** A result taken from the source that did not fit in the last batch: the next batch's first. */
  pending: Doc | undefined;
  /** The source is exhausted (nothing pending either once `pending` is handed out). */
  drained: boolean;
  /** A getMore is producing a batch (it lets other requests run meanwhile). */
  busy: boolean;
  lastUsed: number;
}

// mongod's default cursorTimeoutMillis: idle cursors are reaped after 10 minutes.
export const CURSOR_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * A reply batch's size at most (but one document of any size). mongod's cap is 16 MB; a batch
 * that large is one step of this server's only thread when its reply is serialised: 14 MB of
 * small projected documents took 156-412 ms (#19: a getMore without batchSize over 200,000 people),
 * and 2 MB still 50-60 ms under load. 1 MB is mongod's own old first-batch cap; the client's extra
 * getMores cost a round trip each. A batch holds at most what the client asked for, never
 * necessarily that many.
 */
const MAX_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_FIRST_BATCH = 101;

/**
 * The longest a batch is produced before other requests run (#19): reading a batch may decode and
 * filter many documents (a getMore without batchSize fills up to 16 MB), as mongod yields in a
 * long read. The documents are read as they are when the read reaches them.
 */
const BATCH_SLICE_MS = 10;

/**
 * Open cursors. Each holds the source of its results (the matches still to be read, or the rest of
 * an array) and produces a batch when it is asked for, so nothing is decoded or projected ahead of
 * the batch it goes into.
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, CursorState>();
  private nextId = BigInt(Math.floor(Math.random() * 2 ** 40)) + 1n;

  /** Returns the first batch and the cursor id (0 when exhausted). */
  async open(
    ns: string,
    results: Doc[] | DocSource,
    batchSize: number,
    singleBatch: boolean,
  ): Promise<{ batch: Doc[]; id: Long }> {
    const source = Array.isArray(results) ? new ArraySource(results) : results;
    const state = newState(ns, source);
    const batch = await takeBatch(state, batchSize, MAX_BATCH_BYTES, !singleBatch);
    if (singleBatch || exhausted(state)) return { batch, id: Long.ZERO };
    const id = this.nextId++;
    this.cursors.set(id.toString(), state);
    return { batch, id: Long.fromBigInt(id) };
  }

  async getMore(id: Long, ns: string, batchSize: number): Promise<{ batch: Doc[]; id: Long }> {
    const key = id.toString();
    const state = this.cursors.get(key);
    if (!state) throw new MongoCommandError(43, `cursor id ${key} not found`);
    if (state.ns !== ns) {
      throw new MongoCommandError(
        13,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${state.ns}`,
      );
    }
    if (state.busy) throw new MongoCommandError(143, `Cursor id ${key} is already in use`);
    state.busy = true;
    let batch: Doc[];
    try {
      batch = await takeBatch(state, batchSize);
    } finally {
      state.busy = false;
      state.lastUsed = Date.now();
    }
    if (exhausted(state)) {
      this.cursors.delete(key);
      return { batch, id: Long.ZERO };
    }
    return { batch, id };
  }

  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /** Drops cursors idle for longer than the timeout; returns how many. */
  reapIdle(now: number, timeoutMs = CURSOR_IDLE_TIMEOUT_MS): number {
    let n = 0;
    for (const [id, state] of this.cursors) {
      if (!state.busy && now - state.lastUsed > timeoutMs) {
        this.cursors.delete(id);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.cursors.size;
  }

  clear(): void {
    this.cursors.clear();
  }
}

export function newState(ns: string, source: DocSource): CursorState {
  return { ns, source, pending: undefined, drained: false, busy: false, lastUsed: Date.now() };
}

const exhausted = (state: CursorState): boolean => state.drained && state.pending === undefined;

/**
 * The next batch, at most `maxBytes` once serialised as the reply's array. Each array element
 * costs a type byte, its index as a string and a NUL besides the document: with small documents
 * (a projection of `_id`s over 400,000 people) that is a third of the batch, and leaving it out let
 * a reply outgrow the BSON serialiser's 17 MB buffer (BSONObjectTooLarge on a cloud start at
 * directory scale, #19).
 *
 * With `peek`, a full batch also reads the result after it (kept for the next batch), so that a
 * cursor whose results all fit says so at once (id 0), as mongod's does when it knows.
 */
export async function takeBatch(
  state: CursorState,
  batchSize: number,
  maxBytes = MAX_BATCH_BYTES,
  peek = true,
): Promise<Doc[]> {
  const limit = batchSize >= 0 ? batchSize : Infinity;
  const out: Doc[] = [];
  let bytes = 0;
  const slices = new ReadSlices();
  const source = state.source;
  if (source.prepare && !state.drained) {
    while (!source.prepare()) if (slices.due()) await slices.pause();
  }
  while (out.length < limit) {
    if (slices.due()) await slices.pause();
    const doc = nextResult(state);
    if (doc === undefined) break;
    bytes += BSON.calculateObjectSize(doc) + 2 + String(out.length).length;
    if (out.length > 0 && bytes > maxBytes) {
      state.pending = doc;
      break;
    }
    out.push(doc);
  }
  if (peek && state.pending === undefined && !state.drained) {
    if (slices.due()) await slices.pause();
    state.pending = nextResult(state);
  }
  // The reply is serialised next, in the same step: not on top of a slice that is mostly spent.
  if (slices.due(BATCH_SLICE_MS / 2)) await slices.pause();
  slices.end();
  return out;
}

/**
 * Every result of `source`, each handed to `each`, in steps of at most BATCH_SLICE_MS with other
 * requests run between them (#19): what a count or a distinct reads, as a cursor reads its batches.
 * Each document is read as it is when the read reaches it.
 */
export async function forEachResult(source: DocSource, each: (doc: Doc) => void): Promise<void> {
  const slices = new ReadSlices();
  if (source.prepare) while (!source.prepare()) if (slices.due()) await slices.pause();
  for (;;) {
    if (slices.due()) await slices.pause();
    const doc = source.next();
    if (doc === undefined) break;
    each(doc);
  }
  slices.end();
}

/** Batches shorter than this are serialised with their reply, in one step (a page of a search). */
const ENCODE_FROM = 32;

/**
 * A batch for its reply: a long one serialised document by document now, in slices between other
 * requests, so that its reply only copies bytes (see wire/encoded-batch.ts); a short one as it is.
 */
export async function encodeBatch(batch: Doc[]): Promise<Doc[] | EncodedBatch> {
  if (batch.length < ENCODE_FROM) return batch;
  const slices = new ReadSlices();
  const docs: Uint8Array[] = [];
  for (const doc of batch) {
    if (slices.due()) await slices.pause();
    docs.push(BSON.serialize(doc, SERIALIZE_OPTIONS));
  }
  slices.end();
  return new EncodedBatch(docs);
}

/** A long read's time on the thread, given up to other requests once a slice is spent. */
class ReadSlices {
  private start = performance.now();

  /** This slice has run longer than `ms`: time to pause (a check without a promise per document). */
  due(ms = BATCH_SLICE_MS): boolean {
    return performance.now() - this.start > ms;
  }

  /** Lets other requests run, then starts the next slice. */
  async pause(): Promise<void> {
    traceStep('batch-slice', this.start);
    await nextTurn();
    this.start = performance.now();
  }

  end(): void {
    traceStep('batch-slice', this.start);
  }
}

/** The result pending from the last batch, else the source's next. */
function nextResult(state: CursorState): Doc | undefined {
  if (state.pending !== undefined) {
    const doc = state.pending;
    state.pending = undefined;
    return doc;
  }
  if (state.drained) return undefined;
  const doc = state.source.next();
  if (doc === undefined) state.drained = true;
  return doc;
}
