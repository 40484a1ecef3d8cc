import { BSON, Long } from 'mongodb';
import { MongoCommandError } from '../errors';

type Doc = Record<string, unknown>;

export interface CursorState {
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
}

// mongod's default cursorTimeoutMillis: idle cursors are reaped after 10 minutes.
export const CURSOR_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

// mongod caps a reply batch at 16 MB; stay a little below to leave room for the envelope.
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
export const DEFAULT_FIRST_BATCH = 101;

/** Open cursors: results are materialised at query time and handed out in batches. */
export class CursorRegistry {
  private readonly cursors = new Map<string, CursorState>();
  private nextId = BigInt(Math.floor(Math.random() * 2 ** 40)) + 1n;

  /** Returns the first batch and the cursor id (0 when exhausted). */
  open(ns: string, docs: Doc[], batchSize: number, singleBatch: boolean): { batch: Doc[]; id: Long } {
    const state: CursorState = { ns, docs, pos: 0, lastUsed: Date.now() };
    const batch = takeBatch(state, batchSize);
    if (singleBatch || state.pos >= docs.length) return { batch, id: Long.ZERO };
    const id = this.nextId++;
    this.cursors.set(id.toString(), state);
    return { batch, id: Long.fromBigInt(id) };
  }

  getMore(id: Long, ns: string, batchSize: number): { batch: Doc[]; id: Long } {
    const key = id.toString();
    const state = this.cursors.get(key);
    if (!state) throw new MongoCommandError(43, `cursor id ${key} not found`);
    if (state.ns !== ns) {
      throw new MongoCommandError(
        13,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${state.ns}`,
      );
    }
    state.lastUsed = Date.now();
    const batch = takeBatch(state, batchSize);
    if (state.pos >= state.docs.length) {
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
      if (now - state.lastUsed > timeoutMs) {
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

/**
 * The next batch, at most `maxBytes` once serialised as the reply's array. Each array element
 * costs a type byte, its index as a string and a NUL besides the document: with small documents
 * (a projection of `_id`s over 400,000 people) that is a third of the batch, and leaving it out let
 * a reply outgrow the BSON serialiser's 17 MB buffer (BSONObjectTooLarge on a cloud start at
 * directory scale, #19).
 */
export function takeBatch(state: CursorState, batchSize: number, maxBytes = MAX_BATCH_BYTES): Doc[] {
  const limit = batchSize >= 0 ? batchSize : Infinity;
  const out: Doc[] = [];
  let bytes = 0;
  while (state.pos < state.docs.length && out.length < limit) {
    const doc = state.docs[state.pos];
    bytes += BSON.calculateObjectSize(doc) + 2 + String(out.length).length;
    if (out.length > 0 && bytes > maxBytes) break;
    out.push(doc);
    state.pos++;
  }
  return out;
}
