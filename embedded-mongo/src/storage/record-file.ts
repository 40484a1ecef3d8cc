import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { BSON } from 'mongodb';

type Doc = Record<string, unknown>;

// Record framing shared by the journal and snapshots: [u32 payload length][u32 crc32(payload)][BSON payload].
const HEADER = 8;
export const MAX_RECORD_SIZE = 64 * 1024 * 1024;

export const DESERIALIZE = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

export function frameRecord(record: Doc): Buffer {
  const payload = BSON.serialize(record);
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

export interface ReadResult {
  records: Doc[];
  /** Bytes of intact records; anything after this is a torn or corrupt tail. */
  validLength: number;
  torn: boolean;
}

/** Calls `onPayload` with each intact record's BSON bytes (buf[start, end)); returns the intact length. */
function scanRecords(
  buf: Buffer,
  onPayload: (buf: Buffer, start: number, end: number) => boolean | void,
): number {
  let offset = 0;
  while (offset + HEADER <= buf.length) {
    const len = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + HEADER + len;
    if (len < 5 || len > MAX_RECORD_SIZE || end > buf.length) break;
    if (crc32(buf.subarray(offset + HEADER, end)) !== sum) break;
    if (onPayload(buf, offset + HEADER, end) === false) break;
    offset = end;
  }
  return offset;
}

/**
 * Reads records until the first one that is incomplete or fails its checksum. A crash mid-append
 * leaves such a tail; everything before it was written (and fsynced) whole.
 */
export function readRecords(buf: Buffer, onRecord?: (rec: Doc) => void): ReadResult {
  const records: Doc[] = [];
  const validLength = scanRecords(buf, (b, start, end) => {
    let rec: Doc;
    try {
      rec = BSON.deserialize(b.subarray(start, end), DESERIALIZE) as Doc;
    } catch {
      return false;
    }
    if (onRecord) onRecord(rec);
    else records.push(rec);
  });
  return { records, validLength, torn: validLength !== buf.length };
}

/**
 * readRecordFile's raw form: each record's BSON bytes as a view into the chunk read, undecoded
 * (`onPayload` returning false ends the intact records there, as an undecodable one does).
 * Every chunk is a fresh buffer, never reused, so the views stay valid for as long as they are
 * kept (the snapshot loader keeps documents as bytes until they are read, see doc-map.ts).
 * `chunkOffset` is the file offset of chunk[0]: a record's header lies 8 bytes before `start`.
 */
export function readRecordFileRaw(
  path: string,
  onPayload: (chunk: Buffer, start: number, end: number, chunkOffset: number) => boolean | void,
  chunkSize = 16 * 1024 * 1024,
): ReadResult & { size: number } {
  return readFramed(
    path,
    (buf, base) => scanRecords(buf, (b, start, end) => onPayload(b, start, end, base)),
    chunkSize,
    true,
  );
}

/**
 * Where a chunked read ends once a chunk's intact records (`validLength` bytes of `view`, which
 * starts at file offset `base`) are handled: at the end of the file, or at a bad length or a
 * whole record that failed its checksum (corruption, not a chunk edge). Null: read on.
 */
function endOfRead(
  view: Buffer,
  validLength: number,
  base: number,
  size: number,
  atEnd: boolean,
): (ReadResult & { size: number }) | null {
  const valid = base + validLength;
  if (atEnd) return { records: [], validLength: valid, torn: valid !== size, size };
  const rest = view.length - validLength;
  if (rest < HEADER) return null;
  const len = view.readUInt32LE(validLength);
  if (len < 5 || len > MAX_RECORD_SIZE || rest >= HEADER + len) {
    return { records: [], validLength: valid, torn: true, size };
  }
  return null;
}

/** Room kept before each chunk read ahead, for the start of a record the previous chunk cut. */
const AHEAD_ROOM = 64 * 1024;

/**
 * readRecordFileRaw with the next chunk read ahead (#19): while the records of one chunk are
 * handled on this thread, the next chunk's read (the kernel's copy into fresh memory, ~1.2-1.4 s of
 * a 300 MB snapshot on this machine) runs on libuv's thread pool, i.e. on the other core. The same
 * payloads with the same file offsets, the same validLength, torn and size as readRecordFileRaw
 * (record-file.test.ts compares them). Each chunk is a fresh buffer with AHEAD_ROOM bytes before
 * the data, where the unfinished record the previous chunk ended with is copied; a longer one
 * (a record of more than 64 KB across a chunk edge, or one larger than a chunk) is joined with
 * the next chunk in a buffer of its own.
 */
export async function readRecordFileRawAhead(
  path: string,
  onPayload: (chunk: Buffer, start: number, end: number, chunkOffset: number) => boolean | void,
  chunkSize = 16 * 1024 * 1024,
): Promise<ReadResult & { size: number }> {
  const handle = await open(path, 'r');
  let pending: Promise<{ buf: Buffer; bytesRead: number }> | null = null;
  try {
    const { size } = await handle.stat();
    let pos = 0; // file offset of the next read
    const readNext = () => {
      const length = Math.min(chunkSize, size - pos);
      const buf = Buffer.allocUnsafe(AHEAD_ROOM + length);
      const read = handle.read(buf, AHEAD_ROOM, length, pos).then(({ bytesRead }) => ({ buf, bytesRead }));
      pos += length;
      return read;
    };
    pending = size > 0 ? readNext() : null;
    let base = 0; // file offset of leftover[0]
    let leftover: Buffer = Buffer.alloc(0); // the unfinished record the last chunk ended with
    while (pending) {
      const { buf, bytesRead } = await pending;
      const data = buf.subarray(AHEAD_ROOM, AHEAD_ROOM + bytesRead);
      let view: Buffer;
      if (leftover.length <= AHEAD_ROOM) {
        const from = AHEAD_ROOM - leftover.length;
        leftover.copy(buf, from);
        view = buf.subarray(from, AHEAD_ROOM + bytesRead);
      } else view = Buffer.concat([leftover, data]);
      pending = pos < size && bytesRead > 0 ? readNext() : null;
      const validLength = scanRecords(view, (b, start, end) => onPayload(b, start, end, base));
      const end = endOfRead(view, validLength, base, size, !pending);
      if (end) return end;
      leftover = view.subarray(validLength);
      base += validLength;
    }
    return { records: [], validLength: 0, torn: false, size };
  } finally {
    // A read still in flight (corruption found, or onPayload threw) ends before the file closes.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/**
 * readRecords over a file read in chunks of `chunkSize`, so loading a snapshot of hundreds of MB
 * never holds the whole file in memory beside the documents decoded from it. Same result as
 * readRecords on the whole file: stops at the first incomplete or corrupt record.
 */
export function readRecordFile(
  path: string,
  onRecord: (rec: Doc) => void,
  chunkSize = 16 * 1024 * 1024,
): ReadResult & { size: number } {
  return readFramed(path, (buf) => readRecords(buf, onRecord).validLength, chunkSize, false);
}

/**
 * The chunked read behind both: `scan` consumes a prefix of intact records and says how long it
 * is (`base`: the file offset of buf[0]).
 */
function readFramed(
  path: string,
  scan: (buf: Buffer, base: number) => number,
  chunkSize: number,
  fresh: boolean,
): ReadResult & { size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.max(HEADER, Math.min(chunkSize, size)));
    let filled = 0; // bytes of buf holding file data
    let pos = 0; // file offset of the next read
    let base = 0; // file offset of buf[0]
    for (;;) {
      const n = pos < size ? readSync(fd, buf, filled, buf.length - filled, pos) : 0;
      pos += n;
      filled += n;
      const view = buf.subarray(0, filled);
      const validLength = scan(view, base);
      const rest = filled - validLength;
      const end = endOfRead(view, validLength, base, size, pos >= size || n === 0);
      if (end) return end;
      if (rest >= HEADER) {
        const len = view.readUInt32LE(validLength);
        // The next record is larger than the buffer: grow it to fit.
        if (HEADER + len > buf.length) {
          const bigger = Buffer.allocUnsafe(HEADER + len);
          buf.copy(bigger, 0, validLength, filled);
          buf = bigger;
          base += validLength;
          filled = rest;
          continue;
        }
      }
      if (fresh) {
        // Records already handed out may be kept as views into this chunk: read on into a new one.
        const next = Buffer.allocUnsafe(buf.length);
        buf.copy(next, 0, validLength, filled);
        buf = next;
      } else buf.copy(buf, 0, validLength, filled);
      base += validLength;
      filled = rest;
    }
  } finally {
    closeSync(fd);
  }
}
