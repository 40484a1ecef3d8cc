import { BSON } from 'mongodb';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
// mongod accepts command documents slightly over 16 MB so a 16 MB user document fits inside a command.
export const MAX_COMMAND_DOC_SIZE = MAX_BSON_OBJECT_SIZE + 16 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;

const FLAG_CHECKSUM_PRESENT = 1;
export const FLAG_MORE_TO_COME = 2;

export type Doc = Record<string, unknown>;

/** A request decoded into the command document the handlers see. */
export interface DecodedRequest {
  requestId: number;
  opCode: number;
  moreToCome: boolean;
  command: Doc;
  /** For OP_QUERY, the `db` from `db.$cmd`. */
  legacyDb?: string;
}

export class ProtocolError extends Error {}

// Long stays Long so 64-bit integers never silently become doubles.
const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; size: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document size ${size}`);
  if (size > MAX_COMMAND_DOC_SIZE)
    throw new ProtocolError(`BSON document of ${size} bytes exceeds the 16 MB limit`);
  try {
    const doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS) as Doc;
    return { doc, size };
  } catch (err) {
    throw new ProtocolError(`malformed BSON: ${(err as Error).message}`);
  }
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Decodes one complete message (header included). Throws ProtocolError on anything malformed. */
export function decodeMessage(msg: Buffer): DecodedRequest {
  const length = msg.readInt32LE(0);
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) return decodeOpMsg(msg, length, requestId);
  if (opCode === OP_QUERY) return decodeOpQuery(msg, length, requestId);
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function decodeOpMsg(msg: Buffer, length: number, requestId: number): DecodedRequest {
  const flags = msg.readUInt32LE(16);
  let end = length;
  if (flags & FLAG_CHECKSUM_PRESENT) end -= 4;
  let offset = 20;
  let command: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = msg[offset++];
    if (kind === 0) {
      if (command) throw new ProtocolError('OP_MSG with two body sections');
      const { doc, size } = readDocument(msg, offset, end);
      command = doc;
      offset += size;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const seqSize = msg.readInt32LE(offset);
      const seqEnd = offset + seqSize;
      if (seqSize < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence size');
      const id = readCString(msg, offset + 4, seqEnd);
      const docs: Doc[] = [];
      let p = id.next;
      while (p < seqEnd) {
        const { doc, size } = readDocument(msg, p, seqEnd);
        if (size > MAX_BSON_OBJECT_SIZE)
          throw new ProtocolError(`document of ${size} bytes exceeds the 16 MB limit`);
        docs.push(doc);
        p += size;
      }
      sequences.push([id.value, docs]);
      offset = seqEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new ProtocolError('OP_MSG without a body section');
  for (const [id, docs] of sequences) {
    const existing = command[id];
    command[id] = Array.isArray(existing) ? [...existing, ...docs] : docs;
  }
  return { requestId, opCode: OP_MSG, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, command };
}

function decodeOpQuery(msg: Buffer, length: number, requestId: number): DecodedRequest {
  const ns = readCString(msg, 20, length);
  const offset = ns.next + 8; // numberToSkip, numberToReturn
  const { doc } = readDocument(msg, offset, length);
  const dot = ns.value.indexOf('.');
  const db = dot < 0 ? ns.value : ns.value.slice(0, dot);
  // Legacy handshakes may wrap the command in { $query: {...} }.
  const command = (doc.$query as Doc | undefined) ?? doc;
  return { requestId, opCode: OP_QUERY, moreToCome: false, command, legacyDb: db };
}

let nextResponseId = 1;

const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;

/**
 * One reply message in one buffer: the header and the fixed fields written in front of the
 * serialized document, instead of three small buffers concatenated (every reply paid two extra
 * allocations and a copy).
 */
function message(responseTo: number, opCode: number, fieldsLength: number, reply: Doc): Buffer {
  const body = BSON.serialize(reply, SERIALIZE_OPTIONS);
  const headLength = 16 + fieldsLength;
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.writeInt32LE(headLength + body.length, 0);
  out.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
  out.fill(0, 16, headLength);
  out.set(body, headLength);
  return out;
}

export function encodeOpMsg(responseTo: number, reply: Doc): Buffer {
  return message(responseTo, OP_MSG, 5, reply); // flagBits + section kind 0
}

export function encodeOpReply(responseTo: number, reply: Doc): Buffer {
  const out = message(responseTo, OP_REPLY, 20, reply); // responseFlags, cursorID(8), startingFrom, numberReturned
  out.writeInt32LE(1, 16 + 16);
  return out;
}
