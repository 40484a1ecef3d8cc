import { BSON } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { serializeReply } from './encoded-batch';
import { nextTurn } from '../turns';

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

/** The size of the BSON document at `offset`, checked against the limits and `end`. */
function documentSize(buf: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid BSON document size ${size}`);
  if (size > MAX_COMMAND_DOC_SIZE)
    throw new ProtocolError(`BSON document of ${size} bytes exceeds the 16 MB limit`);
  return size;
}

function deserialize(bytes: Uint8Array, options: typeof DESERIALIZE_OPTIONS | typeof RAW_OPTIONS): Doc {
  try {
    return BSON.deserialize(bytes, options) as Doc;
  } catch (err) {
    throw new ProtocolError(`malformed BSON: ${(err as Error).message}`);
  }
}

function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; size: number } {
  const size = documentSize(buf, offset, end);
  return { doc: deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS), size };
}

/** Reads one document of a message, yielding between parts of it (see decodeMessageInSlices). */
type DocumentReader = (
  buf: Buffer,
  offset: number,
  end: number,
) => Generator<void, { doc: Doc; size: number }>;

// eslint-disable-next-line require-yield -- the reader of a message decoded at once never yields
function* readWhole(buf: Buffer, offset: number, end: number): Generator<void, { doc: Doc; size: number }> {
  return readDocument(buf, offset, end);
}

// Its top-level fields decoded, each embedded document left as its bytes (arrays of them too).
const RAW_OPTIONS = { ...DESERIALIZE_OPTIONS, raw: true } as const;

/**
 * The same document as readDocument, decoded a part at a time: its top level first with every
 * embedded document left as bytes, then those one by one (an insert's `documents`, an update's
 * `updates`: each element a step), yielding between them.
 */
function* readInSteps(buf: Buffer, offset: number, end: number): Generator<void, { doc: Doc; size: number }> {
  const size = documentSize(buf, offset, end);
  const doc = deserialize(buf.subarray(offset, offset + size), RAW_OPTIONS);
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    if (!(value instanceof Uint8Array) && !Array.isArray(value)) continue;
    // defineProperty: a field named __proto__ is an own field, as BSON.deserialize makes it.
    Object.defineProperty(doc, key, {
      value: yield* decodeRaw(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { doc, size };
}

/** A value of a document read with RAW_OPTIONS, decoded: bytes are an embedded document. */
function* decodeRaw(value: unknown): Generator<void, unknown> {
  // With promoteBuffers off a binary value is a Binary, never a Uint8Array.
  if (value instanceof Uint8Array) {
    yield;
    return deserialize(value, DESERIALIZE_OPTIONS);
  }
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = yield* decodeRaw(value[i]);
  return value;
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Decodes one complete message (header included). Throws ProtocolError on anything malformed. */
export function decodeMessage(msg: Buffer): DecodedRequest {
  const steps = decodeSteps(msg, readWhole);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Messages this large are worth decoding in slices: an insertMany of 1,000 directory documents
 * (~0.5 MB) takes 10-40 ms to decode at once, a pause for every other connection.
 */
export const SLICED_DECODE_BYTES = 64 * 1024;

/**
 * decodeMessage, in slices of at most about `sliceMs` (one embedded document is the smallest step)
 * with a turn of the event loop between them, so that other connections are answered meanwhile.
 * The same request, or the same ProtocolError.
 */
export async function decodeMessageInSlices(msg: Buffer, sliceMs: number): Promise<DecodedRequest> {
  const steps = decodeSteps(msg, readInSteps);
  // The first slice waits for its turn too: started where the message was read off the socket, it
  // ran before the slices already queued, in the same turn as theirs.
  await nextTurn();
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await nextTurn();
    sliceStart = performance.now();
  }
}

function* decodeSteps(msg: Buffer, read: DocumentReader): Generator<void, DecodedRequest> {
  const length = msg.readInt32LE(0);
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) return yield* decodeOpMsg(msg, length, requestId, read);
  if (opCode === OP_QUERY) return yield* decodeOpQuery(msg, length, requestId, read);
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function* decodeOpMsg(
  msg: Buffer,
  length: number,
  requestId: number,
  read: DocumentReader,
): Generator<void, DecodedRequest> {
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
      const { doc, size } = yield* read(msg, offset, end);
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
        const { doc, size } = yield* read(msg, p, seqEnd);
        if (size > MAX_BSON_OBJECT_SIZE)
          throw new ProtocolError(`document of ${size} bytes exceeds the 16 MB limit`);
        docs.push(doc);
        p += size;
        yield;
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

function* decodeOpQuery(
  msg: Buffer,
  length: number,
  requestId: number,
  read: DocumentReader,
): Generator<void, DecodedRequest> {
  const ns = readCString(msg, 20, length);
  const offset = ns.next + 8; // numberToSkip, numberToReturn
  const { doc } = yield* read(msg, offset, length);
  const dot = ns.value.indexOf('.');
  const db = dot < 0 ? ns.value : ns.value.slice(0, dot);
  // Legacy handshakes may wrap the command in { $query: {...} }.
  const command = (doc.$query as Doc | undefined) ?? doc;
  return { requestId, opCode: OP_QUERY, moreToCome: false, command, legacyDb: db };
}

let nextResponseId = 1;

/**
 * One reply message in one buffer: the header and the fixed fields written in front of the
 * serialized document, instead of three small buffers concatenated (every reply paid two extra
 * allocations and a copy).
 */
function message(responseTo: number, opCode: number, fieldsLength: number, reply: Doc): Buffer {
  const body = serializeReply(reply);
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
