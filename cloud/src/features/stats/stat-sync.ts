import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { cellsHash, parseCellKey, type Cell } from './stat-cells';
import { StatCounterModel, StatLedgerModel, StatSyncStateModel, type StatLedger } from './stat.model';
import { SOURCE_NAMES, SOURCE_PROJECTIONS, SOURCES, type SourceName } from './stat-sources';

/**
 * Keeps the monthly counters exact without touching the services that write: every source has
 * `updatedAt` (mongoose sets it on every create and update), so a catch-up reads the records
 * changed since the last one, computes their cells with the counting rules, and applies the
 * difference from what the ledger says they added before. A record read twice changes nothing;
 * two processes catching up at once are kept apart by a compare-and-set on the ledger entry.
 *
 * The catch-up re-reads the last OVERLAP_MS before its watermark, so a write whose updatedAt was
 * taken (by another process, with a slightly different clock) just before a catch-up read past
 * it is still seen. A process dying between a ledger write and its counter $inc would leave
 * those counters off; rebuildStats() recounts everything from the sources.
 */
const OVERLAP_MS = 60_000;
const BATCH = 1000;

type Doc = { _id: Types.ObjectId; updatedAt: Date };
type LedgerLean = StatLedger & { _id: string };

const ledgerId = (source: SourceName, id: Types.ObjectId) => `${source}:${id.toHexString()}`;

let indexesReady: Promise<unknown> | null = null;
function ensureSourceIndexes() {
  // The sources' own schemas belong to their features; the catch-up's index is ours to ask for.
  indexesReady ??= Promise.all(
    SOURCE_NAMES.map((name) => SOURCES[name].collection().createIndex({ updatedAt: 1, _id: 1 })),
  ).catch((err: unknown) => {
    indexesReady = null;
    throw err;
  });
  return indexesReady;
}

function addDelta(incs: Map<string, number>, before: readonly Cell[], after: readonly Cell[]) {
  for (const cell of before) incs.set(cell.k, (incs.get(cell.k) ?? 0) - cell.v);
  for (const cell of after) incs.set(cell.k, (incs.get(cell.k) ?? 0) + cell.v);
}

async function flushIncs(incs: Map<string, number>): Promise<void> {
  const ops: AnyBulkWriteOperation<Document>[] = [];
  for (const [k, delta] of incs) {
    if (delta === 0) continue;
    const { kpi, year, month, dim, dv } = parseCellKey(k);
    ops.push({
      updateOne: {
        filter: { _id: k as unknown as Document['_id'] },
        update: { $inc: { v: delta }, $setOnInsert: { kpi, year, month, dim, dv } },
        upsert: true,
      },
    });
  }
  let pending = ops;
  // Two processes upserting the same new counter: the loser's insert fails on the key and is
  // retried as an update. Only the failed operations are retried, so nothing is added twice.
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    try {
      await StatCounterModel.collection.bulkWrite(pending, { ordered: false });
      pending = [];
    } catch (err) {
      const failed = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!failed?.length || failed.some((e) => e.code !== 11000)) throw err;
      pending = failed.map((e) => pending[e.index]);
    }
  }
  incs.clear();
}

/** Applies one record's new cells against its ledger entry; returns whether anything changed. */
async function applyOne(
  source: SourceName,
  doc: Doc,
  cells: Cell[],
  known: LedgerLean | undefined,
  incs: Map<string, number>,
): Promise<boolean> {
  const _id = ledgerId(source, doc._id);
  const h = cellsHash(cells);
  let current = known;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (current && current.h === h) return false;
    if (current && current.u.getTime() > doc.updatedAt.getTime()) return false;
    if (!current) {
      try {
        await StatLedgerModel.collection.insertOne({
          _id: _id as unknown as Document['_id'],
          src: source,
          rid: doc._id,
          u: doc.updatedAt,
          h,
          c: cells,
        });
        addDelta(incs, [], cells);
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    } else {
      const won = await StatLedgerModel.collection.updateOne(
        { _id: _id as unknown as Document['_id'], h: current.h },
        { $set: { u: doc.updatedAt, h, c: cells } },
      );
      if (won.modifiedCount === 1) {
        addDelta(incs, current.c as Cell[], cells);
        return true;
      }
    }
    current = (await StatLedgerModel.findById(_id).lean<LedgerLean>()) ?? undefined;
  }
  throw new Error(`stats: ledger ${_id} kept changing under the catch-up`);
}

/** Computes and applies a batch of one source's records; returns the ids whose cells changed. */
async function applyBatch(source: SourceName, docs: Doc[]): Promise<Types.ObjectId[]> {
  const cellsById = await SOURCES[source].cells(docs);
  const ids = docs.map((doc) => ledgerId(source, doc._id));
  const ledgers = await StatLedgerModel.find({ _id: { $in: ids } }).lean<LedgerLean[]>();
  const known = new Map(ledgers.map((l) => [l._id, l]));
  const incs = new Map<string, number>();
  const changed: Types.ObjectId[] = [];
  const cellsOf = (doc: Doc) => cellsById.get(doc._id.toHexString()) ?? [];
  // Records never seen before (a first pass, new writes): one insertMany instead of one insert
  // each. A record another process inserted meanwhile fails on its key and takes the careful path.
  const fresh = docs.filter((doc) => !known.has(ledgerId(source, doc._id)));
  const failed = new Set<number>();
  if (fresh.length > 0) {
    try {
      await StatLedgerModel.collection.insertMany(
        fresh.map((doc) => ({
          _id: ledgerId(source, doc._id) as unknown as Document['_id'],
          src: source,
          rid: doc._id,
          u: doc.updatedAt,
          h: cellsHash(cellsOf(doc)),
          c: cellsOf(doc),
        })),
        { ordered: false },
      );
    } catch (err) {
      const errors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!errors?.length || errors.some((e) => e.code !== 11000)) throw err;
      for (const e of errors) failed.add(e.index);
    }
    fresh.forEach((doc, index) => {
      if (failed.has(index)) return;
      addDelta(incs, [], cellsOf(doc));
      changed.push(doc._id);
    });
  }
  const retry = new Set(fresh.filter((_, index) => failed.has(index)));
  for (const doc of docs) {
    const ledger = known.get(ledgerId(source, doc._id));
    if (!ledger && !retry.has(doc)) continue;
    if (await applyOne(source, doc, cellsOf(doc), ledger, incs)) changed.push(doc._id);
  }
  await flushIncs(incs);
  return changed;
}

async function syncRegistrationsOf(eventIds: Types.ObjectId[]): Promise<void> {
  // A registration counts in its event's month: moving the event moves its registrations.
  const collection = SOURCES.registrations.collection();
  let lastId: Types.ObjectId | null = null;
  for (;;) {
    const filter: Document = { eventId: { $in: eventIds }, ...(lastId ? { _id: { $gt: lastId } } : {}) };
    const docs = (await collection
      .find(filter, { projection: SOURCE_PROJECTIONS.registrations })
      .sort({ _id: 1 })
      .limit(BATCH)
      .toArray()) as unknown as Doc[];
    if (docs.length === 0) return;
    // Their own updatedAt did not change: compare with the ledger by cells only.
    await applyBatch(
      'registrations',
      docs.map((doc) => ({ ...doc, updatedAt: new Date() })),
    );
    lastId = docs[docs.length - 1]._id;
  }
}

async function syncSource(source: SourceName, now: Date): Promise<void> {
  const collection = SOURCES[source].collection();
  const state = await StatSyncStateModel.findById(source).lean();
  const since = state ? new Date(state.watermark.getTime() - OVERLAP_MS) : null;
  let watermark = state?.watermark ?? now;
  let last: Doc | null = null;
  for (;;) {
    let filter: Document;
    if (!since) filter = last ? { _id: { $gt: last._id } } : {};
    else if (!last) filter = { updatedAt: { $gte: since } };
    else
      filter = {
        $or: [{ updatedAt: { $gt: last.updatedAt } }, { updatedAt: last.updatedAt, _id: { $gt: last._id } }],
      };
    const docs = (await collection
      .find(filter, { projection: SOURCE_PROJECTIONS[source] })
      .sort(since ? { updatedAt: 1, _id: 1 } : { _id: 1 })
      .limit(BATCH)
      .toArray()) as unknown as Doc[];
    if (docs.length === 0) break;
    // Records written before updatedAt existed (bulk loads) still count, as of the first pass.
    const dated = docs.map((doc) => (doc.updatedAt ? doc : { ...doc, updatedAt: new Date(0) }));
    const changed = await applyBatch(source, dated);
    if (source === 'events' && changed.length > 0 && state) await syncRegistrationsOf(changed);
    last = dated[dated.length - 1];
    // Never past this pass's start: a record dated in the future (a wrong clock, a bulk load)
    // must not hide the records written after it with ordinary dates.
    if (since && last.updatedAt > watermark) watermark = last.updatedAt > now ? now : last.updatedAt;
    if (docs.length < BATCH) break;
  }
  // A first pass walks by _id and may take minutes: writes made meanwhile are re-read from its
  // start time, not from the newest record it happened to see.
  await StatSyncStateModel.updateOne({ _id: source }, { $max: { watermark } }, { upsert: true });
}

async function syncAll(): Promise<void> {
  await ensureSourceIndexes();
  const now = new Date();
  // Events before registrations: a moved event re-counts its registrations in the same pass.
  for (const source of SOURCE_NAMES) await syncSource(source, now);
}

let current: Promise<void> | null = null;
let queued: Promise<void> | null = null;

function start(): Promise<void> {
  const run = syncAll().finally(() => {
    if (current === run) current = null;
  });
  current = run;
  return run;
}

/**
 * Brings the counters up to date with every write made before the call. Concurrent callers in
 * one process share a pass; a caller arriving mid-pass waits for one more pass that starts
 * after it, so it always sees its own writes.
 */
export function syncStats(): Promise<void> {
  if (!current) return start();
  queued ??= current
    .catch(() => undefined)
    .then(() => {
      queued = null;
      return current ?? start();
    });
  return queued;
}

/** Throws the counters away and counts everything again from the sources. */
export async function rebuildStats(): Promise<void> {
  await (current ?? Promise.resolve()).catch(() => undefined);
  await Promise.all([
    StatCounterModel.deleteMany({}),
    StatLedgerModel.deleteMany({}),
    StatSyncStateModel.deleteMany({}),
  ]);
  await syncStats();
}

/** A full recount in memory, straight from the sources: what the counters must equal. */
export async function recountAll(): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const source of SOURCE_NAMES) {
    const collection = SOURCES[source].collection();
    let lastId: Types.ObjectId | null = null;
    for (;;) {
      const docs = (await collection
        .find(lastId ? { _id: { $gt: lastId } } : {}, { projection: SOURCE_PROJECTIONS[source] })
        .sort({ _id: 1 })
        .limit(BATCH)
        .toArray()) as unknown as Doc[];
      if (docs.length === 0) break;
      const cellsById = await SOURCES[source].cells(docs);
      for (const cells of cellsById.values()) {
        for (const cell of cells) totals.set(cell.k, (totals.get(cell.k) ?? 0) + cell.v);
      }
      lastId = docs[docs.length - 1]._id;
    }
  }
  for (const [k, v] of totals) if (v === 0) totals.delete(k);
  return totals;
}

/** The stored counters, zeros left out, to compare with recountAll(). */
export async function storedCounters(): Promise<Map<string, number>> {
  const docs = await StatCounterModel.find({ v: { $ne: 0 } }, { v: 1 }).lean();
  return new Map(docs.map((doc) => [String(doc._id), doc.v]));
}
