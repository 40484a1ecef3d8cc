import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { BSON } from 'mongodb';

type Doc = Record<string, unknown>;

// Record framing shared by the journal and snapshots: [u32 payload length][u32 crc32(payload)][BSON payload].
const HEADER = 8;
export const MAX_RECORD_SIZE = 64 * 1024 * 1024;

const DESERIALIZE = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

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

/**
 * Reads records until the first one that is incomplete or fails its checksum. A crash mid-append
 * leaves such a tail; everything before it was written (and fsynced) whole.
 */
export function readRecords(buf: Buffer, onRecord?: (rec: Doc) => void): ReadResult {
  const records: Doc[] = [];
  let offset = 0;
  while (offset + HEADER <= buf.length) {
    const len = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + HEADER + len;
    if (len < 5 || len > MAX_RECORD_SIZE || end > buf.length) break;
    const payload = buf.subarray(offset + HEADER, end);
    if (crc32(payload) !== sum) break;
    let rec: Doc;
    try {
      rec = BSON.deserialize(payload, DESERIALIZE) as Doc;
    } catch {
      break;
    }
    if (onRecord) onRecord(rec);
    else records.push(rec);
    offset = end;
  }
  return { records, validLength: offset, torn: offset !== buf.length };
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
      const { validLength } = readRecords(view, onRecord);
      const rest = filled - validLength;
      if (pos >= size || n === 0) {
        const valid = base + validLength;
        return { records: [], validLength: valid, torn: valid !== size, size };
      }
      if (rest >= HEADER) {
        const len = view.readUInt32LE(validLength);
        // A bad length or a whole record that failed its checksum: corruption, not a chunk edge.
        if (len < 5 || len > MAX_RECORD_SIZE || rest >= HEADER + len) {
          const valid = base + validLength;
          return { records: [], validLength: valid, torn: true, size };
        }
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
      buf.copy(buf, 0, validLength, filled);
      base += validLength;
      filled = rest;
    }
  } finally {
    closeSync(fd);
  }
}
