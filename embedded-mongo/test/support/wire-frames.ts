import { BSON } from 'mongodb';
import { OP_MSG, OP_QUERY } from '../../src/wire/message-codec';

type Doc = Record<string, unknown>;

let requestId = 1;

/** A message header: the message's whole length, a new request id, the op code. */
export function header(length: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId++, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** An OP_MSG: flag bits, the body (kind 0), then each document sequence (kind 1). */
export function opMsg(body: Doc, opts: { flags?: number; sequences?: Array<[string, Doc[]]> } = {}): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(opts.flags ?? 0);
  const parts: Buffer[] = [flags, Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of opts.sequences ?? []) {
    const payload = Buffer.concat([
      Buffer.from(id + '\0'),
      ...docs.map((d) => Buffer.from(BSON.serialize(d))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const rest = Buffer.concat(parts);
  return Buffer.concat([header(16 + rest.length, OP_MSG), rest]);
}

/** A legacy OP_QUERY (flags 0, skip 0, return -1) on `ns`. */
export function opQuery(ns: string, query: Doc): Buffer {
  const rest = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(ns + '\0'),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    Buffer.from(BSON.serialize(query)),
  ]);
  return Buffer.concat([header(16 + rest.length, OP_QUERY), rest]);
}
