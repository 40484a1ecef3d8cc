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
