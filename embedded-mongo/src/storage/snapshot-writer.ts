import { closeSync, openSync, promises as fsp, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { BSON, type UUID } from 'mongodb';
import { RawDoc, type StoredImage } from './doc-map';
import { MAX_RECORD_SIZE } from './record-file';
import type { IndexSpec } from './index-store';
import { traceStep } from '../pause-trace';
import { nextTurn } from '../turns';

type Doc = Record<string, unknown>;

/**
 * One collection as it stood when the snapshot began. Documents are never changed in place (an
 * update stores a new object), so holding the references taken at that moment is a consistent
 * copy-on-write view: writes made while the snapshot is written go to the new journal only.
 */
export interface CollectionImage {
  ns: string;
  options: Doc;
  uuid: UUID;
  specs: IndexSpec[];
  /**
   * The documents by ordinal (DocMap.storedImage; undefined where there is none): decoded, or the
   * bytes of those loaded from the last snapshot and not read since.
   */
  docs: StoredImage;
  /** How many documents `docs` holds. */
  count: number;
  /**
   * Where the document of an ordinal has its bytes in a data file already (a journal or the last
   * snapshot, see doc-locations.ts): the file number (0: nowhere, serialise it) and the offset of
   * its record. The writer copies them from there after checking the record's checksum and namespace.
   */
  locate?(ord: number): DocLocation | null;
  /** Told where the record of an ordinal's document went in the file being written. */
  written?(ord: number, offset: number): void;
}

export interface DocLocation {
  file: number;
  offset: number;
}

export interface SnapshotPacing {
  /** Longest stretch of serialisation between two yields to the event loop. */
  sliceMs: number;
  /** Checked between slices: true makes the rest run without yielding (shutdown). */
  hurry(): boolean;
  /** Checked between slices: past this time (performance.now()) the snapshot is abandoned. */
  deadline(): number;
}

export interface SnapshotResult {
  bytes: number;
  docs: number;
  /** Documents copied from the data files' records instead of serialised again. */
  copied: number;
  ms: number;
  /** Of which waiting for the final fsync. */
  syncMs: number;
  /** Longest synchronous stretch of serialisation, the pause it imposed on other work. */
  longestSliceMs: number;
}

export class SnapshotAbandoned extends Error {
  constructor(
    /** How far it got: documents written of all, and of those copied from the data files. */
    readonly progress?: { docs: number; of: number; copied: number; ms: number },
  ) {
    super('snapshot abandoned: its time budget ran out');
  }
}

const HEADER = 8;
// A record is at most a 16 MB document plus its small wrapper: flushing once the buffer holds
// 8 MB always leaves room for the next one, so records are serialised straight into it.
const FLUSH_AT = 8 * 1024 * 1024;
const CHUNK = FLUSH_AT + 17 * 1024 * 1024;
const CHECK_EVERY = 64;

/**
 * Writes the images as snapshot records to `path` (fsynced), in slices of at most `sliceMs` with a
 * yield to the event loop between them, so requests keep being served while a large database is
 * written. Uses the journal's framing ([length][crc32][BSON]); the first record names the journal
 * sequence the snapshot covers and the last one marks it complete.
 */
export async function writeSnapshot(
  path: string,
  journalSeq: number,
  images: CollectionImage[],
  pacing: SnapshotPacing,
  /** The data files images' locate() may name, by number. */
  sources: ReadonlyMap<number, string> = new Map(),
): Promise<SnapshotResult> {
  const started = performance.now();
  const buf = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let bytes = 0;
  let docs = 0;
  let copied = 0;
  let longestSliceMs = 0;
  let syncMs = 0;
  // Insert records copied whole from the reader's window wait here while they follow each other
  // in it, to be copied as one (the window is about to change: flushRun first).
  let runBuf: Buffer | null = null;
  let runStart = 0;
  let runEnd = 0;
  const flushRun = (): void => {
    if (!runBuf) return;
    used += runBuf.copy(buf, used, runStart, runEnd);
    runBuf = null;
  };
  const pending = (): number => used + (runBuf ? runEnd - runStart : 0);
  const reader = new RecordReader(sources, flushRun);
  const fh = await fsp.open(path, 'w');
  try {
    const put = (record: Doc): void => {
      const end = BSON.serializeWithBufferAndIndex(record, buf, { index: used + HEADER }) + 1;
      const len = end - used - HEADER;
      buf.writeUInt32LE(len, used);
      buf.writeUInt32LE(crc32(buf.subarray(used + HEADER, end)), used + 4);
      used = end;
    };
    // A document still held as bytes is copied as it is, framed as put() would frame
    // { op: 'i', ns, d } (the loader reads it back without decoding, see storage-engine.ts).
    const putRaw = (nsBytes: Buffer, chunk: Buffer, docStart: number, docEnd: number): void => {
      const start = used + HEADER;
      let p = start + 4;
      p += buf.write('\u0002op\u0000', p, 'latin1');
      p = buf.writeInt32LE(2, p);
      p += buf.write('i\u0000\u0002ns\u0000', p, 'latin1');
      p = buf.writeInt32LE(nsBytes.length + 1, p);
      p += nsBytes.copy(buf, p);
      buf[p++] = 0;
      p += buf.write('\u0003d\u0000', p, 'latin1');
      p += chunk.copy(buf, p, docStart, docEnd);
      buf[p++] = 0;
      buf.writeInt32LE(p - start, start);
      buf.writeUInt32LE(p - start, used);
      buf.writeUInt32LE(crc32(buf.subarray(start, p)), used + 4);
      used = p;
    };
    const drain = async (): Promise<void> => {
      if (used === 0) return;
      await fh.write(buf, 0, used);
      bytes += used;
      used = 0;
    };
    let sliceStart = performance.now();
    const maybeYield = async (): Promise<void> => {
      const now = performance.now();
      if (now > pacing.deadline()) {
        const of = images.reduce((n, image) => n + image.count, 0);
        throw new SnapshotAbandoned({ docs, of, copied, ms: Math.round(now - started) });
      }
      if (pacing.hurry() || now - sliceStart < pacing.sliceMs) return;
      longestSliceMs = Math.max(longestSliceMs, now - sliceStart);
      traceStep('snapshot-slice', sliceStart);
      await nextTurn();
      sliceStart = performance.now();
    };
    put({ snapshot: 1, journalSeq, createdAt: new Date() });
    for (const image of images) {
      const { ns } = image;
      put({ op: 'cc', ns, o: image.options, uuid: image.uuid });
      for (const spec of image.specs) put({ op: 'ci', ns, spec });
      const nsBytes = Buffer.from(ns, 'utf8');
      let sinceCheck = 0;
      for (let ord = 0; ord < image.docs.length; ord++) {
        const d = image.docs.at(ord);
        if (d === undefined) continue;
        const at = bytes + pending();
        if (d instanceof RawDoc) {
          flushRun();
          putRaw(nsBytes, d.chunk, d.start, d.end);
        } else {
          const loc = image.locate?.(ord);
          const rec = loc ? reader.doc(loc.file, loc.offset, nsBytes) : null;
          if (rec?.insert) {
            // An insert record of this namespace is the very record to write: copied whole.
            const start = rec.start - HEADER - rec.docOffset;
            if (runBuf === rec.buf && runEnd === start) runEnd = rec.end + 1;
            else {
              flushRun();
              runBuf = rec.buf;
              runStart = start;
              runEnd = rec.end + 1;
            }
            copied++;
          } else {
            flushRun();
            if (rec) {
              putRaw(nsBytes, rec.buf, rec.start, rec.end);
              copied++;
            } else put({ op: 'i', ns, d });
          }
        }
        image.written?.(ord, at);
        docs++;
        if (pending() >= FLUSH_AT) {
          longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStart);
          flushRun();
          traceStep('snapshot-slice', sliceStart);
          await drain();
          sliceStart = performance.now();
        }
        if (++sinceCheck === CHECK_EVERY) {
          sinceCheck = 0;
          await maybeYield();
        }
      }
      flushRun();
    }
    put({ end: true });
    await drain();
    longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStart);
    const syncStarted = performance.now();
    await fh.sync();
    syncMs = performance.now() - syncStarted;
  } finally {
    reader.close();
    await fh.close();
  }
  return { bytes, docs, copied, ms: performance.now() - started, syncMs, longestSliceMs };
}

// Bytes read ahead from a data file: records are mostly met in file order.
const WINDOW = 1024 * 1024;
// A read that jumps elsewhere (a document updated later than its neighbours) reads this little.
const SMALL_WINDOW = 16 * 1024;

/**
 * Reads a document's bytes back from a data file's record (the journal's framing, see
 * record-file.ts), through a read-ahead window. Null when the record is not there as expected:
 * unreadable file, bad length or checksum, not `{ op: 'i' | 'u', ns, d }` of this namespace (the
 * caller then serialises the document as usual).
 */
class RecordReader {
  private readonly fds = new Map<number, number | null>();
  private win: Buffer = Buffer.allocUnsafe(WINDOW);
  private winFile = 0;
  private winStart = 0;
  private winLen = 0;

  constructor(
    private readonly paths: ReadonlyMap<number, string>,
    /** Called before the window is read again: views into it are about to go stale. */
    private readonly beforeRefill: () => void,
  ) {}

  /**
   * The document's bytes buf[start, end) in the record at `offset`; `insert` when that record is
   * `{ op: 'i', ns, d }` (then its whole framing runs from start - HEADER - docOffset to end + 1).
   */
  doc(
    file: number,
    offset: number,
    nsBytes: Buffer,
  ): { buf: Buffer; start: number; end: number; insert: boolean; docOffset: number } | null {
    if (!this.load(file, offset, HEADER)) return null;
    const h = offset - this.winStart;
    const len = this.win.readUInt32LE(h);
    if (len < 5 || len > MAX_RECORD_SIZE) return null;
    if (!this.load(file, offset, HEADER + len)) return null;
    const start = offset - this.winStart + HEADER;
    const end = start + len;
    if (crc32(this.win.subarray(start, end)) !== this.win.readUInt32LE(start - HEADER + 4)) return null;
    const docStart = recordDocStart(this.win, start, end, nsBytes);
    if (docStart < 0) return null;
    const insert = this.win[start + 4 + 8] === 0x69;
    return { buf: this.win, start: docStart, end: end - 1, insert, docOffset: docStart - start };
  }

  /** Makes the window hold the file's bytes [offset, offset + n); false when it cannot. */
  private load(file: number, offset: number, n: number): boolean {
    if (file === this.winFile && offset >= this.winStart && offset + n <= this.winStart + this.winLen)
      return true;
    const fd = this.fd(file);
    if (fd === null) return false;
    this.beforeRefill();
    const ahead =
      file === this.winFile && offset >= this.winStart && offset < this.winStart + this.winLen + WINDOW;
    const size = Math.max(n, ahead ? WINDOW : SMALL_WINDOW);
    if (size > this.win.length) this.win = Buffer.allocUnsafe(size);
    let got: number;
    try {
      got = readSync(fd, this.win, 0, size, offset);
    } catch {
      got = 0;
    }
    this.winFile = file;
    this.winStart = offset;
    this.winLen = got;
    return got >= n;
  }

  private fd(file: number): number | null {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      const path = this.paths.get(file);
      try {
        fd = path === undefined ? null : openSync(path, 'r');
      } catch {
        fd = null;
      }
      this.fds.set(file, fd);
    }
    return fd;
  }

  close(): void {
    for (const fd of this.fds.values()) if (fd !== null) closeSync(fd);
    this.fds.clear();
  }
}

/**
 * Where `d` starts in the record `{ op: 'i' | 'u', ns, d }` at buf[start, end) whose namespace is
 * `nsBytes` (d then runs to the record's closing byte); -1 for any other record.
 */
function recordDocStart(buf: Buffer, start: number, end: number, nsBytes: Buffer): number {
  let p = start + 4;
  // 0x02 "op\0" int32(2) ("i" | "u") "\0"
  if (buf[p] !== 0x02 || buf[p + 1] !== 0x6f || buf[p + 2] !== 0x70 || buf[p + 3] !== 0) return -1;
  if (buf.readInt32LE(p + 4) !== 2 || (buf[p + 8] !== 0x69 && buf[p + 8] !== 0x75) || buf[p + 9] !== 0)
    return -1;
  p += 10;
  // 0x02 "ns\0" int32(len) <ns> "\0"
  if (buf[p] !== 0x02 || buf[p + 1] !== 0x6e || buf[p + 2] !== 0x73 || buf[p + 3] !== 0) return -1;
  const n = nsBytes.length;
  if (buf.readInt32LE(p + 4) !== n + 1 || p + 9 + n > end) return -1;
  if (buf.compare(nsBytes, 0, n, p + 8, p + 8 + n) !== 0 || buf[p + 8 + n] !== 0) return -1;
  p += 9 + n;
  // 0x03 "d\0" <document>, then the record's closing 0
  if (buf[p] !== 0x03 || buf[p + 1] !== 0x64 || buf[p + 2] !== 0) return -1;
  const docStart = p + 3;
  if (docStart + 5 > end || docStart + buf.readInt32LE(docStart) !== end - 1 || buf[end - 1] !== 0) return -1;
  return docStart;
}
