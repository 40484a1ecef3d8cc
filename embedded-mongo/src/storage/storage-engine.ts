import {
  existsSync,
  mkdirSync,
  promises as fsp,
  readdirSync,
  statSync,
  truncateSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BSON, ObjectId, type UUID } from 'mongodb';
import { hashKey, pathValues } from '../query/bson-order';
import { MongoCommandError } from '../errors';
import type { Logger } from '../logger';
import { CollectionStore } from './collection-store';
import { acquireDbPathLock } from './dbpath-lock';
import { IndexStore, type IndexSpec } from './index-store';
import {
  BackgroundSlices,
  buildIndexes,
  indexedFields,
  indexRoots,
  lightFirst,
  markBuilding,
  type IndexBuild,
} from './index-builder';
import { JournalWriter } from './journal-writer';
import { DESERIALIZE, readRecordFileRawAhead } from './record-file';
import { ChunkUse, RawDoc } from './doc-map';
import { HeapWatch } from './heap-watch';
import {
  SnapshotAbandoned,
  writeSnapshot,
  type CollectionImage,
  type SnapshotResult,
} from './snapshot-writer';
import { nextTurn } from '../turns';
import { traceStep } from '../pause-trace';

type Doc = Record<string, unknown>;

export interface StorageOptions {
  dbPath?: string;
  logger: Logger;
  /** Journal size that triggers a snapshot + journal compaction. */
  compactThresholdBytes?: number;
  /** A non-empty journal is also compacted this often (default 10 minutes). */
  snapshotIntervalMs?: number;
  /** How often TTL indexes are swept (default 60 s, as mongod). */
  ttlIntervalMs?: number;
  /**
   * How long close() may spend on its final snapshot (default 5 s, well inside the 10 s a
   * supervisor or the cloud's shutdown gives the process). A snapshot that cannot finish in time is
   * abandoned: the journals keep every write and the next start replays them.
   */
  shutdownBudgetMs?: number;
  /** Test knob: documents per slice of the background index build after a restart. */
  indexBuildSliceDocs?: number;
}

const JOURNAL_RE = /^journal-(\d+)\.log$/;
const SNAPSHOT = 'snapshot.bson';
// The longest the snapshot writer holds the event loop before letting requests run.
const SNAPSHOT_SLICE_MS = 10;
/**
 * The same for the work a restart leaves for after it is ready (the index build, then decoding the
 * rest) while requests are being served (see BackgroundSlices; SNAPSHOT_SLICE_MS when idle): it
 * runs while the first requests come (a start's demo seeding), and each step of a request that
 * waits on I/O (its message, its journal fsync) waits for the slice in hand to end. Traced on a
 * restart at directory scale (load 4-6): in 10 ms slices the seeding's writes took 27-30 ms at the
 * median, in 2 ms slices 11-16 ms.
 */
export const BACKGROUND_SLICE_MS = 2;
// What close() allows beyond the shutdown budget for closing the last journal.
const CLOSE_GRACE_MS = 500;

/**
 * All databases in memory, optionally made durable by a journal (every change appended and fsynced
 * before the write is acknowledged) plus periodic snapshots that let old journals be deleted.
 */
export class StorageEngine {
  private readonly dbs = new Map<string, Map<string, CollectionStore>>();
  private readonly logger: Logger;
  private readonly dbPath?: string;
  private readonly compactThreshold: number;
  private journal: JournalWriter | null = null;
  private journalSeq = 0;
  private retiring: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;
  private releaseLock: (() => void) | null = null;
  private replaying = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly shutdownBudgetMs: number;
  /** Set by close(): a running snapshot stops yielding and must end by `snapshotDeadline`. */
  private closing = false;
  private snapshotDeadline = Infinity;
  /** True while some journal holds changes that no snapshot covers. */
  private uncovered = false;
  /** Size of the last snapshot: the journal may grow this large before the next one (see flush). */
  private snapshotBytes = 0;
  /** Bytes of journal replayed at start that no snapshot covers yet (counted towards compaction). */
  private replayedBytes = 0;
  /** Secondary indexes met while loading the snapshot and journals, installed once the data is in. */
  private deferredIndexes: { coll: CollectionStore; spec: IndexSpec }[] = [];
  private indexBuild: Promise<void> = Promise.resolve();
  /** One per file chunk documents were loaded from as bytes, sealed once the load is done. */
  private chunkUses: ChunkUse[] = [];
  /** Snapshot images being written: they may still read documents' bytes from the chunks. */
  private imagesHeld = 0;
  /** Chunks no document holds any more, released once no image is being written. */
  private unusedChunks: ArrayBufferLike[] = [];
  private readonly indexBuildSliceDocs?: number;
  /**
   * Set by close() when writes came after a background snapshot began: the shutdown must write
   * one of everything anyway, so the background one stops rather than finishing first.
   */
  private stopBackground = false;
  /** Set when close() gave up waiting: work still in flight (a slow fsync) must not touch the files. */
  private abandoned = false;
  /**
   * The data files documents' bytes may be copied from by the next snapshot (see
   * doc-locations.ts), by file number: the snapshot and the journals not yet folded into one.
   */
  private readonly files = new Map<number, string>();
  private nextFile = 1;
  private snapshotFile = 0;
  private journalFile = 0;
  private readonly journalFiles = new Map<number, number>();
  lastSnapshot: SnapshotResult | null = null;
  recoveryStats = {
    records: 0,
    tornTail: false,
    ms: 0,
    /** Reading the snapshot and replaying the journals (documents only; see installDeferredIndexes). */
    loadMs: 0,
    /** Building the unique indexes before the first request. */
    uniqueIndexMs: 0,
    removedFiles: [] as string[],
  };

  private constructor(opts: StorageOptions) {
    this.logger = opts.logger;
    this.dbPath = opts.dbPath;
    this.compactThreshold = opts.compactThresholdBytes ?? 64 * 1024 * 1024;
    this.shutdownBudgetMs = opts.shutdownBudgetMs ?? 5000;
    this.indexBuildSliceDocs = opts.indexBuildSliceDocs;
  }

  static async open(opts: StorageOptions): Promise<StorageEngine> {
    const engine = new StorageEngine(opts);
    if (opts.dbPath) {
      await engine.openDurable(opts.dbPath);
      engine.startIndexBuilds(engine.installDeferredIndexes());
      const { records, loadMs, uniqueIndexMs } = engine.recoveryStats;
      opts.logger.info('data loaded', { documents: engine.documentCount(), records, loadMs, uniqueIndexMs });
    }
    engine.every(opts.ttlIntervalMs ?? 60_000, () => engine.sweepExpired(Date.now()));
    if (opts.dbPath) {
      engine.every(opts.snapshotIntervalMs ?? 600_000, () => {
        if (engine.journal && engine.uncovered && !engine.compacting) engine.startCompaction();
      });
      // Large journals replayed at start (a shutdown had no time for its snapshot) are folded into
      // one in the background now, so restarts never pile them up; small ones wait for the usual
      // triggers (journal size, the interval, the next clean stop).
      if (engine.replayedBytes > engine.compactLimit) engine.startCompaction();
    }
    const heap = new HeapWatch(opts.logger, () => engine.documentCount());
    heap.check();
    engine.every(30_000, () => heap.check());
    return engine;
  }

  private every(ms: number, task: () => void): void {
    // unref: background upkeep must never keep a test process or CLI alive on its own.
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private startCompaction(): void {
    this.compacting = this.compact(true)
      .catch((err: Error) => {
        if (err instanceof SnapshotAbandoned && this.stopBackground) {
          this.logger.info('background snapshot stopped: the shutdown writes one of everything', {});
        } else if (err instanceof SnapshotAbandoned) {
          this.logger.warn('snapshot left for the next start: no time left before shutdown', {});
        } else this.logger.error('compaction failed', { error: err.message });
      })
      .finally(() => (this.compacting = null));
  }

  /** Documents in every collection (for the heap warning). */
  documentCount(): number {
    let n = 0;
    for (const colls of this.dbs.values()) for (const coll of colls.values()) n += coll.docs.size;
    return n;
  }

  /** Deletes documents whose TTL index date is older than expireAfterSeconds. Returns how many. */
  sweepExpired(now: number): number {
    let removed = 0;
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        for (const ix of coll.indexes.values()) {
          const ttl = ix.spec.expireAfterSeconds;
          if (typeof ttl !== 'number' || ix.fields.length !== 1) continue;
          for (const [idKey, doc] of [...coll.docs]) {
            const dates = pathValues(doc, ix.fields[0])
              .flatMap((v) => (Array.isArray(v) ? v : [v]))
              .filter((v): v is Date => v instanceof Date);
            if (dates.length && Math.min(...dates.map((d) => d.getTime())) + ttl * 1000 <= now) {
              this.remove(coll, idKey);
              removed++;
            }
          }
        }
      }
    }
    if (removed)
      this.flush().catch((err: Error) => this.logger.error('TTL flush failed', { error: err.message }));
    return removed;
  }

  get durable(): boolean {
    return this.journal !== null;
  }

  private async openDurable(dbPath: string): Promise<void> {
    mkdirSync(dbPath, { recursive: true });
    this.releaseLock = acquireDbPathLock(dbPath);
    try {
      const started = Date.now();
      this.replaying = true;
      let snapshotSeq = 0;
      const snapPath = join(dbPath, SNAPSHOT);
      // A snapshot being written when the process died is incomplete by definition: the
      // journals it would have replaced are all still there.
      if (existsSync(`${snapPath}.tmp`)) {
        await fsp.rm(`${snapPath}.tmp`, { force: true });
        this.recoveryStats.removedFiles.push(`${SNAPSHOT}.tmp`);
      }
      if (existsSync(snapPath)) {
        this.snapshotFile = this.addFile(snapPath);
        snapshotSeq = await this.loadSnapshot(snapPath, this.snapshotFile);
      }
      this.snapshotBytes = existsSync(snapPath) ? statSync(snapPath).size : 0;
      const journals = readdirSync(dbPath)
        .map((f) => JOURNAL_RE.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b);
      for (const seq of journals) {
        const path = join(dbPath, `journal-${seq}.log`);
        if (seq <= snapshotSeq) {
          await fsp.unlink(path); // already folded into the snapshot; a crash interrupted its removal
          this.recoveryStats.removedFiles.push(`journal-${seq}.log`);
          continue;
        }
        // A journal's inserts are framed as a snapshot's are: their documents stay bytes too.
        const file = this.addFile(path);
        this.journalFiles.set(seq, file);
        const apply = this.rawRecords(file, (rec) => this.applyRecord(rec));
        const result = await readRecordFileRawAhead(path, (chunk, start, end, chunkOffset) => {
          if (apply(chunk, start, end, chunkOffset) === false) return false;
          this.recoveryStats.records++;
          this.uncovered = true;
        });
        this.replayedBytes += result.validLength;
        if (result.torn) {
          // Only the tail that was never acknowledged can be torn: cut it so new appends follow intact records.
          this.recoveryStats.tornTail = true;
          this.logger.warn('journal has a torn tail; truncating', { path, validLength: result.validLength });
          truncateSync(path, result.validLength);
        }
      }
      this.replaying = false;
      // Every chunk is read: each is released once its last document held as bytes is decoded.
      for (const use of this.chunkUses) use.seal();
      this.chunkUses = [];
      this.recoveryStats.loadMs = Date.now() - started;
      this.journalSeq = Math.max(snapshotSeq, ...journals, 0) + 1;
      ({ journal: this.journal, file: this.journalFile } = await this.openJournal(dbPath, this.journalSeq));
      syncDir(dbPath);
      this.recoveryStats.ms = Date.now() - started;
    } catch (err) {
      this.releaseLock();
      this.releaseLock = null;
      throw err;
    }
  }

  private addFile(path: string): number {
    const file = this.nextFile++;
    this.files.set(file, path);
    return file;
  }

  /** A new journal and its file number (made current together with it: see logDoc). */
  private async openJournal(dbPath: string, seq: number): Promise<{ journal: JournalWriter; file: number }> {
    const path = join(dbPath, `journal-${seq}.log`);
    const journal = await JournalWriter.open(path);
    const file = this.addFile(path);
    this.journalFiles.set(seq, file);
    return { journal, file };
  }

  private async loadSnapshot(path: string, file: number): Promise<number> {
    let seq = 0;
    let complete = false;
    // Read in chunks: the file is as large as the database and need not sit beside it in memory.
    // Each document stays as its bytes, decoded when first read (see doc-map.ts): a restart
    // decodes only the records around them and each document's _id. The next chunk is read on
    // libuv's thread pool while this one's records are applied (nothing else runs on the engine
    // until it is open: the server listens after).
    await readRecordFileRawAhead(
      path,
      this.rawRecords(file, (rec) => {
        if (rec.snapshot) seq = Number(rec.journalSeq);
        else if (rec.end) complete = true;
        else this.applyRecord(rec);
      }),
    );
    if (!complete) throw new Error(`snapshot ${path} is incomplete; refusing to start with partial data`);
    return seq;
  }

  /**
   * Applies loaded records: a document insert `{ op: 'i', ns, d }` keeps `d` as its bytes (see
   * insertRecord), any other record is decoded and handed to `other`.
   */
  private rawRecords(
    file: number,
    other: (rec: Doc) => void,
  ): (chunk: Buffer, start: number, end: number, chunkOffset: number) => boolean | void {
    let lastNs = '';
    let lastNsBytes: Buffer | null = null;
    let lastColl: CollectionStore | undefined;
    let lastChunk: ArrayBufferLike | null = null;
    let use: ChunkUse | null = null;
    return (chunk, start, end, chunkOffset) => {
      const ins = insertRecord(chunk, start, end, lastNsBytes);
      if (!ins) {
        let rec: Doc;
        try {
          // From a copy: a Binary value decoded is a view of the bytes it was decoded from (see RawDoc.bytes).
          rec = BSON.deserialize(Buffer.from(chunk.subarray(start, end)), DESERIALIZE) as Doc;
        } catch {
          return false; // unreadable despite its checksum: the end of the intact records, as before
        }
        other(rec);
        return;
      }
      // A collection dropped (or its database) and created again is a new object: look it up again.
      const ns = ins.ns ?? lastNs;
      if (ns !== lastNs || !lastColl || this.getCollection(lastColl.db, lastColl.name) !== lastColl) {
        const dot = ns.indexOf('.');
        lastColl = this.ensureCollection(ns.slice(0, dot), ns.slice(dot + 1));
        lastNs = ns;
        lastNsBytes = Buffer.from(ns, 'utf8');
      }
      if (chunk.buffer !== lastChunk) {
        const buffer = chunk.buffer;
        lastChunk = buffer;
        use = new ChunkUse(() => this.chunkUnused(buffer));
        this.chunkUses.push(use);
      }
      const raw = new RawDoc(chunk, ins.docStart, ins.docEnd, use);
      const ord = lastColl.insertRaw(hashKey(ins.id), ins.id, raw);
      // The record's header: 8 bytes before its payload.
      lastColl.locations.set(ord, file, chunkOffset + start - 8);
    };
  }

  /**
   * Puts the indexes met while loading back on their collections, in their order: unique ones
   * built now (every write checks them), the others empty and left to the background build (see
   * index-builder.ts), so a start waits for the documents only. Returns the builds to run.
   */
  private installDeferredIndexes(): IndexBuild[] {
    const started = Date.now();
    const builds: IndexBuild[] = [];
    // Unique indexes over documents held as bytes, by collection: filled together below.
    const unique = new Map<CollectionStore, IndexStore[]>();
    for (const { coll, spec } of this.deferredIndexes) {
      // A collection dropped later in the journal is a different object from the one now named so.
      if (this.getCollection(coll.db, coll.name) !== coll) continue;
      if (spec.unique) {
        if (coll.docs.rawCount === 0 || !indexRoots(spec)) {
          coll.addIndex(spec);
          continue;
        }
        const ix = new IndexStore(spec, coll.docOrdinals);
        coll.indexes.set(spec.name, ix);
        unique.set(coll, [...(unique.get(coll) ?? []), ix]);
        continue;
      }
      const ix = new IndexStore(spec, coll.docOrdinals);
      markBuilding(ix, coll);
      coll.indexes.set(spec.name, ix);
      builds.push({ coll, ix });
    }
    for (const [coll, ixs] of unique) fillUniqueFromRaw(coll, ixs);
    this.deferredIndexes = [];
    this.recoveryStats.uniqueIndexMs = Date.now() - started;
    return lightFirst(builds);
  }

  private startIndexBuilds(builds: IndexBuild[]): void {
    if (builds.length === 0) {
      this.decodeRest();
      return;
    }
    const started = Date.now();
    this.indexBuild = buildIndexes(builds, {
      sliceMs: BACKGROUND_SLICE_MS,
      idleSliceMs: SNAPSHOT_SLICE_MS,
      sliceDocs: this.indexBuildSliceDocs,
      stopped: () => this.closing,
      live: ({ coll, ix }) =>
        this.getCollection(coll.db, coll.name) === coll && coll.indexes.get(ix.spec.name) === ix,
    }).then(
      () => {
        if (this.closing) return;
        this.logger.info('indexes built', { indexes: builds.length, ms: Date.now() - started });
        // The order of a collated index (a directory's names) is what the first sorted search
        // would build at once: build it now, in slices between requests (see IndexStore).
        for (const { coll, ix } of builds)
          if (ix.spec.collation && !ix.multikey && coll.indexes.get(ix.spec.name) === ix)
            ix.buildOrderInBackground();
      },
      (err: Error) => this.logger.error('building indexes failed', { error: err.message }),
    );
    void this.indexBuild.then(() => this.decodeRest());
  }

  /**
   * Decodes, in short slices between requests, the documents still held as snapshot bytes once
   * the index builds (which read every document of an indexed collection) are done: until the
   * last document of a file chunk is decoded the whole chunk stays in memory.
   */
  private decodeRest(): void {
    const run = async (): Promise<void> => {
      for (const colls of this.dbs.values()) {
        for (const coll of [...colls.values()]) {
          if (coll.docs.rawCount === 0) continue;
          const slices = new BackgroundSlices(BACKGROUND_SLICE_MS, SNAPSHOT_SLICE_MS);
          let n = 0;
          for (const _ of coll.docs.values()) {
            if (++n % 64 !== 0 || !slices.due()) continue;
            await slices.yield();
            if (this.closing) return;
          }
        }
      }
    };
    run().catch((err: Error) => this.logger.error('decoding documents failed', { error: err.message }));
  }

  /** Resolves once the indexes loaded at start are built (or the build stopped for shutdown). */
  indexesBuilt(): Promise<void> {
    return this.indexBuild;
  }

  private log(record: Doc): void {
    if (this.replaying || !this.journal) return;
    this.journal.append(record);
    this.uncovered = true;
  }

  /** log() for a document's insert or replacement: remembers where its bytes now lie. */
  private logDoc(coll: CollectionStore, idKey: string, record: Doc): void {
    if (this.replaying || !this.journal) return;
    const offset = this.journal.append(record);
    this.uncovered = true;
    const ord = coll.docOrdinals.get(idKey);
    if (ord !== undefined) coll.locations.set(ord, this.journalFile, offset);
  }

  /** Resolves when every change made so far is durable (immediately when in-memory). */
  async flush(): Promise<void> {
    if (!this.journal) return;
    await Promise.all([this.journal.flush(), this.retiring]);
    const pending = this.journal ? this.journal.size + this.replayedBytes : 0;
    if (pending > this.compactLimit && !this.compacting && !this.closing) this.startCompaction();
  }

  /**
   * Starts a new journal and, in the same synchronous step, takes a copy-on-write image of every
   * collection (catalog plus the document references); then writes that image as a snapshot in
   * short slices between other work, and deletes the journals it replaces. Writes made meanwhile
   * land in the new journal, which replay applies after the snapshot.
   */
  async compact(background = false): Promise<void> {
    if (!this.journal || !this.dbPath) return;
    const dbPath = this.dbPath;
    const old = this.journal;
    const coveredSeq = this.journalSeq;
    const { journal: next, file: nextFile } = await this.openJournal(dbPath, coveredSeq + 1);
    // The new journal's directory entry must be durable before writes in it are acknowledged.
    await syncDirAsync(dbPath);
    this.journalSeq = coveredSeq + 1;
    this.journal = next;
    this.journalFile = nextFile;
    this.imagesHeld++;
    try {
      const captureStarted = performance.now();
      const images = this.captureImages();
      traceStep('snapshot-capture', captureStarted);
      await this.writeImages(images, dbPath, old, coveredSeq, background);
    } finally {
      this.imagesHeld--;
      this.releaseUnusedChunks();
    }
  }

  /**
   * A chunk no document holds as bytes any more: its memory is released now, unless a snapshot
   * image being written may still copy documents' bytes from it (then once that one is done).
   */
  private chunkUnused(chunk: ArrayBufferLike): void {
    this.unusedChunks.push(chunk);
    this.releaseUnusedChunks();
  }

  private releaseUnusedChunks(): void {
    if (this.imagesHeld > 0) return;
    for (const chunk of this.unusedChunks) releaseChunk(chunk);
    this.unusedChunks = [];
  }

  /** compact()'s snapshot of the images captured with its new journal, and the old files' removal. */
  private async writeImages(
    images: CapturedImage[],
    dbPath: string,
    old: JournalWriter,
    coveredSeq: number,
    background: boolean,
  ): Promise<void> {
    this.uncovered = false;
    const replayed = this.replayedBytes;
    this.replayedBytes = 0;
    this.retiring = old.close();
    await this.retiring;
    // A journal that never received a record holds nothing to keep: without this, restarts whose
    // snapshots are abandoned at shutdown would each leave an empty journal behind.
    if (old.size === 0) await fsp.rm(old.path, { force: true });
    const tmp = join(dbPath, `${SNAPSHOT}.tmp`);
    const snapshotFile = this.nextFile++;
    let result: SnapshotResult;
    try {
      result = await writeSnapshot(
        tmp,
        coveredSeq,
        images.map((c) => c.image),
        {
          sliceMs: SNAPSHOT_SLICE_MS,
          hurry: () => this.closing,
          deadline: () => (background && this.stopBackground ? -Infinity : this.snapshotDeadline),
        },
        new Map(this.files),
      );
    } catch (err) {
      // The journals still hold everything: drop the partial file, keep them, try again later.
      this.uncovered = true;
      this.replayedBytes += replayed;
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    // close() stopped waiting (a slow fsync) and released the directory: leave the files alone.
    if (this.abandoned) {
      await fsp.rm(tmp, { force: true });
      throw new SnapshotAbandoned();
    }
    await fsp.rename(tmp, join(dbPath, SNAPSHOT));
    // From here documents written by this snapshot are copied from it, and none from the files it replaced.
    this.files.delete(this.snapshotFile);
    this.files.set(snapshotFile, join(dbPath, SNAPSHOT));
    this.snapshotFile = snapshotFile;
    for (const c of images) await c.apply(snapshotFile);
    for (const [seq, file] of this.journalFiles) {
      if (seq > coveredSeq) continue;
      this.files.delete(file);
      this.journalFiles.delete(seq);
    }
    await syncDirAsync(dbPath);
    this.snapshotBytes = result.bytes;
    this.lastSnapshot = result;
    for (const f of readdirSync(dbPath)) {
      const m = JOURNAL_RE.exec(f);
      if (m && Number(m[1]) <= coveredSeq) await fsp.unlink(join(dbPath, f));
    }
  }

  /**
   * Journal bytes allowed before the next snapshot: as many as the last snapshot holds, so each
   * snapshot costs no more than the writes since the previous one and a bulk load stays linear
   * instead of rewriting the whole database every 64 MB.
   */
  private get compactLimit(): number {
    return Math.max(this.compactThreshold, this.snapshotBytes);
  }

  /**
   * Each collection as it stands: its documents by ordinal (shared copy-on-write, so this step
   * costs the same at any size) and their locations, copied now (the table changes as writes go
   * on). Where the writer put each document is noted aside and becomes its location only once the
   * snapshot is in place (apply), and only if the collection still holds that very document: a
   * snapshot abandoned half way leaves every location as it was.
   */
  private captureImages(): CapturedImage[] {
    const images: CapturedImage[] = [];
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        const docs = coll.docs.storedImage();
        const live = coll.locations;
        const locs = live.copy();
        let placed: Float64Array | null = null;
        images.push({
          image: {
            ns: coll.ns,
            options: coll.options,
            uuid: coll.uuid,
            specs: [...coll.indexes.values()].map((ix) => ix.spec),
            docs,
            count: coll.docs.size,
            // The copy is as old as the parts: an ordinal's entry there is its captured document's.
            locate: (ord) => {
              const file = locs.file(ord);
              return file === 0 ? null : { file, offset: locs.offset(ord) };
            },
            written: (ord, offset) => {
              // A shutdown's snapshot: nothing will read the locations again.
              if (this.closing) return;
              placed ??= new Float64Array(docs.length).fill(-1);
              placed[ord] = offset;
            },
          },
          apply: async (snapshotFile) => {
            if (!placed) return;
            let sliceStart = performance.now();
            for (let ord = 0; ord < placed.length; ord++) {
              // Ordinals are never handed out twice until a clear(), which changes the generation.
              if (
                placed[ord] >= 0 &&
                live.generation === locs.generation &&
                coll.docs.storedAt(ord) === docs.at(ord)
              )
                live.set(ord, snapshotFile, placed[ord]);
              if (
                ord % 1024 === 1023 &&
                !this.closing &&
                performance.now() - sliceStart > SNAPSHOT_SLICE_MS
              ) {
                await nextTurn();
                sliceStart = performance.now();
              }
            }
          },
        });
      }
    }
    return images;
  }

  private applyRecord(rec: Doc): void {
    const ns = String(rec.ns ?? '');
    const dot = ns.indexOf('.');
    const db = dot < 0 ? String(rec.db ?? ns) : ns.slice(0, dot);
    const name = ns.slice(dot + 1);
    switch (rec.op) {
      case 'cc':
        this.createCollection(db, name, (rec.o as Doc) ?? {}, rec.uuid as UUID | undefined);
        return;
      case 'dc':
        this.dropCollection(db, name);
        return;
      case 'cm':
        this.setCollectionOptions(this.ensureCollection(db, name), (rec.o as Doc) ?? {});
        return;
      case 'dd':
        this.dropDatabase(db);
        return;
      case 'ci':
        // Records are only applied while loading: the index is built once every document is in.
        this.deferredIndexes.push({ coll: this.ensureCollection(db, name), spec: rec.spec as IndexSpec });
        return;
      case 'di': {
        const coll = this.ensureCollection(db, name);
        const dropped = String(rec.name);
        this.deferredIndexes = this.deferredIndexes.filter((d) => d.coll !== coll || d.spec.name !== dropped);
        this.dropIndex(coll, dropped);
        return;
      }
      case 'i':
        this.ensureCollection(db, name).insert(rec.d as Doc);
        return;
      case 'u': {
        const coll = this.ensureCollection(db, name);
        const doc = rec.d as Doc;
        const key = hashKey(doc._id);
        if (coll.get(key)) coll.replace(key, doc);
        else coll.insert(doc);
        return;
      }
      case 'd':
        this.ensureCollection(db, name).remove(hashKey(rec.id));
        return;
      default:
        throw new Error(`unknown journal record ${String(rec.op)}`);
    }
  }

  // ---- catalog ----

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((db) => (this.dbs.get(db)?.size ?? 0) > 0);
  }

  collections(db: string): CollectionStore[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  getCollection(db: string, name: string): CollectionStore | undefined {
    return this.dbs.get(db)?.get(name);
  }

  ensureCollection(db: string, name: string): CollectionStore {
    return this.getCollection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: Doc, uuid?: UUID): CollectionStore {
    validateCollectionName(db, name);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    if (colls.has(name)) throw new MongoCommandError(48, `Collection ${db}.${name} already exists.`);
    const coll = new CollectionStore(db, name, options, uuid);
    colls.set(name, coll);
    this.log({ op: 'cc', ns: coll.ns, o: options, uuid: coll.uuid });
    return coll;
  }

  /** collMod: replaces a collection's options (validator, validation level and action). */
  setCollectionOptions(coll: CollectionStore, options: Doc): void {
    coll.options = options;
    this.log({ op: 'cm', ns: coll.ns, o: options });
  }

  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    this.log({ op: 'dc', ns: `${db}.${name}` });
    return true;
  }

  dropDatabase(db: string): void {
    if (!this.dbs.delete(db)) return;
    this.log({ op: 'dd', db });
  }

  // ---- documents and indexes; every change is journaled after it succeeds in memory ----

  insert(coll: CollectionStore, doc: Doc): void {
    const idKey = coll.insert(doc);
    this.logDoc(coll, idKey, { op: 'i', ns: coll.ns, d: doc });
  }

  replace(coll: CollectionStore, idKey: string, doc: Doc): void {
    coll.replace(idKey, doc);
    this.logDoc(coll, idKey, { op: 'u', ns: coll.ns, d: doc });
  }

  remove(coll: CollectionStore, idKey: string): Doc | undefined {
    const prev = coll.remove(idKey);
    if (prev) this.log({ op: 'd', ns: coll.ns, id: prev._id });
    return prev;
  }

  createIndex(coll: CollectionStore, spec: IndexSpec): void {
    coll.addIndex(spec);
    this.log({ op: 'ci', ns: coll.ns, spec });
  }

  dropIndex(coll: CollectionStore, name: string): void {
    coll.indexes.delete(name);
    this.log({ op: 'di', ns: coll.ns, name });
  }

  /**
   * Stops within shutdownBudgetMs (plus CLOSE_GRACE_MS for the last journal flush), however slow
   * the disk: the snapshot is abandoned at the deadline, and if an fsync has not returned by then
   * close() stops waiting for it. Nothing is lost either way: every acknowledged write is in a
   * journal, and a snapshot that did not finish is removed (or ignored and removed at the next
   * start); the work left in flight touches no file once it returns (see `abandoned`).
   */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    // From here a snapshot runs flat out (nothing else needs the event loop) within the budget.
    this.closing = true;
    this.stopBackground = this.uncovered;
    this.snapshotDeadline = performance.now() + this.shutdownBudgetMs;
    const work = this.closeFiles();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.shutdownBudgetMs + CLOSE_GRACE_MS);
    });
    const outcome = await Promise.race([work.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.abandoned = true;
      work.catch(() => {});
      this.logger.warn(
        'shutdown stopped waiting for the disk (a slow fsync); the journals keep every acknowledged write',
        {
          budgetMs: this.shutdownBudgetMs,
        },
      );
    }
    this.releaseLock?.();
    this.releaseLock = null;
  }

  private async closeFiles(): Promise<void> {
    if (this.compacting) await this.compacting;
    if (this.journal && this.dbPath) {
      // A clean shutdown leaves a snapshot so the next start does not replay the journal.
      if (this.uncovered || !existsSync(join(this.dbPath, SNAPSHOT))) {
        try {
          await this.compact();
        } catch (err) {
          if (!(err instanceof SnapshotAbandoned)) throw err;
          this.logger.warn('shutdown snapshot skipped: it needed more than the shutdown budget', {
            budgetMs: this.shutdownBudgetMs,
            ...err.progress,
          });
        }
      }
      const journal = this.journal;
      await journal.close();
      this.journal = null;
      // An empty journal holds nothing: leave only the snapshot (and any journals it does not cover).
      if (journal.size === 0 && !this.abandoned) await fsp.rm(journal.path, { force: true });
    }
  }
}

/**
 * addIndex for a collection's unique indexes over documents still held as snapshot bytes, in one
 * pass: each document's fields that any of them reads decoded alone (RawDoc.pick), once, so a
 * start need not decode every document before the first request, nor pick a document once per
 * index. Same keys and the same duplicate check as addIndex: an index reads only those fields.
 */
function fillUniqueFromRaw(coll: CollectionStore, ixs: IndexStore[]): void {
  const roots = new Set(ixs.flatMap((ix) => [...indexRoots(ix.spec)!]));
  for (const [idKey, stored] of coll.docs.storedEntries()) {
    const doc = indexedFields(coll, idKey, stored, roots);
    for (const ix of ixs) {
      const keys = ix.keysFor(doc);
      ix.assertUnique(coll.ns, idKey, keys);
      ix.add(idKey, keys);
    }
  }
}

/**
 * Frees a file chunk's memory now: transferring its ArrayBuffer detaches it and hands the memory
 * to a new one that nothing references, young, so the next scavenge (a minor collection, within
 * milliseconds of any allocation) frees it, where the chunk itself, promoted to the old
 * generation long ago, waits for a full collection. Only chunks of their own (a pooled slab is
 * shared with other small buffers), and only once nothing reads them: no document is held as their
 * bytes, no image is being written, and nothing decoded from them is a view of them (decoding
 * works on copies: RawDoc.bytes, rawRecords).
 */
function releaseChunk(chunk: ArrayBufferLike): void {
  if (!(chunk instanceof ArrayBuffer) || chunk.byteLength <= Buffer.poolSize) return;
  structuredClone(chunk, { transfer: [chunk] });
}

interface CapturedImage {
  image: CollectionImage;
  /** Makes the snapshot just put in place (file number) the documents' location. */
  apply(snapshotFile: number): Promise<void>;
}

interface InsertRecord {
  /** Null when it is `sameNs`. */
  ns: string | null;
  id: unknown;
  docStart: number;
  docEnd: number;
}

/**
 * The snapshot's document record `{ op: 'i', ns, d }` read without decoding `d`: its namespace,
 * where `d` lies, and its `_id` when that is the first field and an ObjectId or a string (what
 * every stored document has: the server puts `_id` first). Null for any other record or layout,
 * which is then decoded whole.
 */
function insertRecord(buf: Buffer, start: number, end: number, sameNs: Buffer | null): InsertRecord | null {
  // 0x02 "op\0" int32(2) "i\0"
  let p = start + 4;
  if (
    buf[p] !== 0x02 ||
    buf[p + 1] !== 0x6f ||
    buf[p + 2] !== 0x70 ||
    buf[p + 3] !== 0 ||
    buf.readInt32LE(p + 4) !== 2 ||
    buf[p + 8] !== 0x69 ||
    buf[p + 9] !== 0
  )
    return null;
  p += 10;
  // 0x02 "ns\0" int32(len) <ns>\0
  if (buf[p] !== 0x02 || buf[p + 1] !== 0x6e || buf[p + 2] !== 0x73 || buf[p + 3] !== 0) return null;
  const nsLen = buf.readInt32LE(p + 4);
  if (nsLen < 1 || p + 8 + nsLen > end) return null;
  // Most records name the namespace of the one before: compared as bytes, not decoded again.
  const same =
    sameNs !== null &&
    sameNs.length === nsLen - 1 &&
    buf.compare(sameNs, 0, sameNs.length, p + 8, p + 8 + nsLen - 1) === 0;
  const ns = same ? null : buf.toString('utf8', p + 8, p + 8 + nsLen - 1);
  if (ns !== null && !ns.includes('.')) return null;
  p += 8 + nsLen;
  // 0x03 "d\0" <document> then the record's closing 0
  if (buf[p] !== 0x03 || buf[p + 1] !== 0x64 || buf[p + 2] !== 0) return null;
  const docStart = p + 3;
  const docEnd = docStart + buf.readInt32LE(docStart);
  if (docEnd !== end - 1) return null;
  // The document's first field: 0x07 "_id\0" <12 bytes> or 0x02 "_id\0" int32(len) <string>\0
  const f = docStart + 4;
  if (buf[f + 1] !== 0x5f || buf[f + 2] !== 0x69 || buf[f + 3] !== 0x64 || buf[f + 4] !== 0) return null;
  let id: unknown;
  if (buf[f] === 0x07) id = new ObjectId(buf.subarray(f + 5, f + 17));
  else if (buf[f] === 0x02) {
    const len = buf.readInt32LE(f + 5);
    if (len < 1 || f + 9 + len > docEnd) return null;
    id = buf.toString('utf8', f + 9, f + 9 + len - 1);
  } else return null;
  return { ns, id, docStart, docEnd };
}

function validateCollectionName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoCommandError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw new MongoCommandError(73, `Invalid collection name: ${name}`);
  }
}

/** syncDir without holding the event loop: a slow disk must not stop shutdown's own timer. */
async function syncDirAsync(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function syncDir(dir: string): void {
  // The directory entry of a new or renamed file is durable only once the directory is fsynced.
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
