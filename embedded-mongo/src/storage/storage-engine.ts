import {
  existsSync,
  mkdirSync,
  promises as fsp,
  readdirSync,
  readFileSync,
  truncateSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type UUID } from 'mongodb';
import { hashKey, pathValues } from '../query/bson-order';
import { MongoCommandError } from '../errors';
import type { Logger } from '../logger';
import { CollectionStore } from './collection-store';
import { acquireDbPathLock } from './dbpath-lock';
import type { IndexSpec } from './index-store';
import { JournalWriter } from './journal-writer';
import { frameRecord, readRecords } from './record-file';

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
}

const JOURNAL_RE = /^journal-(\d+)\.log$/;
const SNAPSHOT = 'snapshot.bson';

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
  recoveryStats = { records: 0, tornTail: false, ms: 0 };

  private constructor(opts: StorageOptions) {
    this.logger = opts.logger;
    this.dbPath = opts.dbPath;
    this.compactThreshold = opts.compactThresholdBytes ?? 64 * 1024 * 1024;
  }

  static async open(opts: StorageOptions): Promise<StorageEngine> {
    const engine = new StorageEngine(opts);
    if (opts.dbPath) await engine.openDurable(opts.dbPath);
    engine.every(opts.ttlIntervalMs ?? 60_000, () => engine.sweepExpired(Date.now()));
    if (opts.dbPath) {
      engine.every(opts.snapshotIntervalMs ?? 600_000, () => {
        if (engine.journal && engine.journal.size > 0 && !engine.compacting) engine.startCompaction();
      });
    }
    return engine;
  }

  private every(ms: number, task: () => void): void {
    // unref: background upkeep must never keep a test process or CLI alive on its own.
    const timer = setInterval(task, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private startCompaction(): void {
    this.compacting = this.compact()
      .catch((err: Error) => this.logger.error('compaction failed', { error: err.message }))
      .finally(() => (this.compacting = null));
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
      if (existsSync(snapPath)) snapshotSeq = this.loadSnapshot(snapPath);
      const journals = readdirSync(dbPath)
        .map((f) => JOURNAL_RE.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b);
      for (const seq of journals) {
        const path = join(dbPath, `journal-${seq}.log`);
        if (seq <= snapshotSeq) {
          await fsp.unlink(path); // already folded into the snapshot; a crash interrupted its removal
          continue;
        }
        const result = readRecords(readFileSync(path), (rec) => {
          this.applyRecord(rec);
          this.recoveryStats.records++;
        });
        if (result.torn) {
          // Only the tail that was never acknowledged can be torn: cut it so new appends follow intact records.
          this.recoveryStats.tornTail = true;
          this.logger.warn('journal has a torn tail; truncating', { path, validLength: result.validLength });
          truncateSync(path, result.validLength);
        }
      }
      this.replaying = false;
      this.journalSeq = Math.max(snapshotSeq, ...journals, 0) + 1;
      this.journal = await JournalWriter.open(join(dbPath, `journal-${this.journalSeq}.log`));
      syncDir(dbPath);
      this.recoveryStats.ms = Date.now() - started;
    } catch (err) {
      this.releaseLock();
      this.releaseLock = null;
      throw err;
    }
  }

  private loadSnapshot(path: string): number {
    let seq = 0;
    let complete = false;
    readRecords(readFileSync(path), (rec) => {
      if (rec.snapshot) seq = Number(rec.journalSeq);
      else if (rec.end) complete = true;
      else this.applyRecord(rec);
    });
    if (!complete) throw new Error(`snapshot ${path} is incomplete; refusing to start with partial data`);
    return seq;
  }

  private log(record: Doc): void {
    if (this.replaying || !this.journal) return;
    this.journal.append(record);
  }

  /** Resolves when every change made so far is durable (immediately when in-memory). */
  async flush(): Promise<void> {
    if (!this.journal) return;
    await Promise.all([this.journal.flush(), this.retiring]);
    if (this.journal.size > this.compactThreshold && !this.compacting) this.startCompaction();
  }

  /**
   * Starts a new journal, writes a snapshot of the state as of the switch, then deletes the old
   * journals. The switch and the serialization happen in one synchronous step, so the snapshot
   * holds exactly the changes of the journals it replaces.
   */
  async compact(): Promise<void> {
    if (!this.journal || !this.dbPath) return;
    const dbPath = this.dbPath;
    const old = this.journal;
    const coveredSeq = this.journalSeq;
    this.journalSeq++;
    this.journal = await JournalWriter.open(join(dbPath, `journal-${this.journalSeq}.log`));
    // The new journal's directory entry must be durable before writes in it are acknowledged.
    syncDir(dbPath);
    this.retiring = old.close();
    const chunks = this.serializeSnapshot(coveredSeq);
    await this.retiring;
    const tmp = join(dbPath, `${SNAPSHOT}.tmp`);
    const fh = await fsp.open(tmp, 'w');
    try {
      for (let i = 0; i < chunks.length; i += 1024) await fh.writev(chunks.slice(i, i + 1024));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, join(dbPath, SNAPSHOT));
    syncDir(dbPath);
    for (const f of readdirSync(dbPath)) {
      const m = JOURNAL_RE.exec(f);
      if (m && Number(m[1]) <= coveredSeq) await fsp.unlink(join(dbPath, f));
    }
  }

  private serializeSnapshot(seq: number): Buffer[] {
    const out = [frameRecord({ snapshot: 1, journalSeq: seq, createdAt: new Date() })];
    for (const [db, colls] of this.dbs) {
      for (const coll of colls.values()) {
        const ns = `${db}.${coll.name}`;
        out.push(frameRecord({ op: 'cc', ns, o: coll.options, uuid: coll.uuid }));
        for (const ix of coll.indexes.values()) out.push(frameRecord({ op: 'ci', ns, spec: ix.spec }));
        for (const doc of coll.docs.values()) out.push(frameRecord({ op: 'i', ns, d: doc }));
      }
    }
    out.push(frameRecord({ end: true }));
    return out;
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
        this.createIndex(this.ensureCollection(db, name), rec.spec as IndexSpec);
        return;
      case 'di':
        this.dropIndex(this.ensureCollection(db, name), String(rec.name));
        return;
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
    coll.insert(doc);
    this.log({ op: 'i', ns: coll.ns, d: doc });
  }

  replace(coll: CollectionStore, idKey: string, doc: Doc): void {
    coll.replace(idKey, doc);
    this.log({ op: 'u', ns: coll.ns, d: doc });
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

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    if (this.compacting) await this.compacting;
    if (this.journal) {
      // A clean shutdown leaves a snapshot so the next start does not replay the journal.
      await this.compact();
      await this.journal.close();
      this.journal = null;
    }
    this.releaseLock?.();
    this.releaseLock = null;
  }
}

function validateCollectionName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoCommandError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw new MongoCommandError(73, `Invalid collection name: ${name}`);
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
