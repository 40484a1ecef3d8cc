import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { BSON, type UUID } from 'mongodb';
import { RawDoc } from './doc-map';
import type { IndexSpec } from './index-store';

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
  /** Decoded documents, or the bytes of those loaded from the last snapshot and not read since. */
  docs: (Doc | RawDoc)[];
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
  ms: number;
  /** Longest synchronous stretch of serialisation, the pause it imposed on other work. */
  longestSliceMs: number;
}

export class SnapshotAbandoned extends Error {
  constructor() {
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
): Promise<SnapshotResult> {
  const started = performance.now();
  const buf = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let bytes = 0;
  let docs = 0;
  let longestSliceMs = 0;
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
    const putRaw = (nsBytes: Buffer, d: RawDoc): void => {
      const start = used + HEADER;
      let p = start + 4;
      p += buf.write('\u0002op\u0000', p, 'latin1');
      p = buf.writeInt32LE(2, p);
      p += buf.write('i\u0000\u0002ns\u0000', p, 'latin1');
      p = buf.writeInt32LE(nsBytes.length + 1, p);
      p += nsBytes.copy(buf, p);
      buf[p++] = 0;
      p += buf.write('\u0003d\u0000', p, 'latin1');
      p += d.chunk.copy(buf, p, d.start, d.end);
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
      if (now > pacing.deadline()) throw new SnapshotAbandoned();
      if (pacing.hurry() || now - sliceStart < pacing.sliceMs) return;
      longestSliceMs = Math.max(longestSliceMs, now - sliceStart);
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    };
    put({ snapshot: 1, journalSeq, createdAt: new Date() });
    for (const image of images) {
      const { ns } = image;
      put({ op: 'cc', ns, o: image.options, uuid: image.uuid });
      for (const spec of image.specs) put({ op: 'ci', ns, spec });
      const nsBytes = Buffer.from(ns, 'utf8');
      for (let i = 0; i < image.docs.length; i++) {
        const d = image.docs[i];
        if (d instanceof RawDoc) putRaw(nsBytes, d);
        else put({ op: 'i', ns, d });
        docs++;
        if (used >= FLUSH_AT) {
          longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStart);
          await drain();
          sliceStart = performance.now();
        }
        if (i % CHECK_EVERY === 0) await maybeYield();
      }
    }
    put({ end: true });
    await drain();
    longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStart);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { bytes, docs, ms: performance.now() - started, longestSliceMs };
}
