import { BSON } from 'mongodb';

type Doc = Record<string, unknown>;

/** The options every reply is serialised with (message-codec.ts). */
export const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;

/**
 * A cursor's batch already serialised, one document at a time (#19). Serialising a full 1 MiB
 * batch in the reply's one BSON.serialize call was one step of 20-40 ms under load, most of a
 * getMore's longest step; the documents are serialised here between other requests instead (see
 * encodeBatch in commands/cursor-registry.ts), and the reply only copies their bytes.
 */
export class EncodedBatch {
  constructor(readonly docs: readonly Uint8Array[]) {}

  /** The size of the batch as a BSON array: its length, each document under its index, a NUL. */
  get arraySize(): number {
    let size = 5;
    this.docs.forEach((doc, i) => (size += 2 + String(i).length + doc.length));
    return size;
  }

  /** Writes the batch as a BSON array (arraySize bytes) into `out` at `at`. */
  writeArray(out: Buffer, at: number): void {
    let p = at + 4;
    this.docs.forEach((doc, i) => {
      out[p++] = 0x03; // embedded document
      p += out.write(String(i), p, 'latin1');
      out[p++] = 0;
      out.set(doc, p);
      p += doc.length;
    });
    out[p] = 0;
    out.writeInt32LE(p + 1 - at, at);
  }

  /** The documents decoded again (a reply that is not a plain cursor reply; not expected). */
  decoded(): Doc[] {
    return this.docs.map((doc) => BSON.deserialize(doc, { promoteLongs: false, promoteValues: true }));
  }
}

/** An empty array's element bytes after its name: the length 5 and the terminating NUL. */
const EMPTY_ARRAY = [5, 0, 0, 0, 0];

/**
 * `reply` serialised. A cursor reply whose batch is an EncodedBatch (`{ cursor: { firstBatch |
 * nextBatch, … }, … }`, the batch first in the cursor and the cursor first in the reply, as
 * cursorReply builds it) is serialised with an empty batch, and the batch's bytes are put in its
 * place with the two enclosing lengths raised by as much. Any other shape is serialised with the
 * batch decoded.
 */
export function serializeReply(reply: Doc): Uint8Array {
  const cursor = reply.cursor as Doc | undefined;
  const key =
    cursor && typeof cursor === 'object'
      ? Object.keys(cursor).find((k) => cursor[k] instanceof EncodedBatch)
      : undefined;
  if (key === undefined) return BSON.serialize(reply, SERIALIZE_OPTIONS);
  const batch = cursor![key] as EncodedBatch;
  // Another shape (not expected): serialised once, with the batch decoded.
  const decoded = () =>
    BSON.serialize({ ...reply, cursor: { ...cursor, [key]: batch.decoded() } }, SERIALIZE_OPTIONS);
  if (Object.keys(reply)[0] !== 'cursor' || Object.keys(cursor!)[0] !== key) return decoded();
  const bytes = BSON.serialize({ ...reply, cursor: { ...cursor, [key]: [] } }, SERIALIZE_OPTIONS);
  // [reply length]['\x03cursor\0'][cursor length]['\x04' key '\0'][05 00 00 00 00]…
  const cursorAt = 4 + 1 + 'cursor'.length + 1;
  const arrayAt = cursorAt + 4 + 1 + Buffer.byteLength(key) + 1;
  const expected = Buffer.from([0x03, ...Buffer.from('cursor\0', 'latin1')]);
  const arrayHead = Buffer.from([0x04, ...Buffer.from(`${key}\0`, 'utf8'), ...EMPTY_ARRAY]);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // The layout above, checked on the bytes too.
  if (
    !buf.subarray(4, cursorAt).equals(expected) ||
    !buf.subarray(cursorAt + 4, arrayAt + 5).equals(arrayHead)
  ) {
    return decoded();
  }
  // The reply's bytes up to the batch, the batch written in place, then the rest after the empty one.
  const arraySize = batch.arraySize;
  const grow = arraySize - 5;
  const out = Buffer.allocUnsafe(buf.length + grow);
  buf.copy(out, 0, 0, arrayAt);
  batch.writeArray(out, arrayAt);
  buf.copy(out, arrayAt + arraySize, arrayAt + 5);
  out.writeInt32LE(buf.readInt32LE(0) + grow, 0);
  out.writeInt32LE(buf.readInt32LE(cursorAt) + grow, cursorAt);
  if (out.length > MAX_REPLY_SIZE) throw new Error(`reply of ${out.length} bytes is over the BSON limit`);
  return out;
}

/** What BSON.serialize refuses for a reply (its buffer's size), for the same fallback. */
const MAX_REPLY_SIZE = 16 * 1024 * 1024 + 16 * 1024;
