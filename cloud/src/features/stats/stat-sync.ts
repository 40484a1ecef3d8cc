import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { declareIndexes } from '../health/index-report';
import { cellsHash, parseCellKey, type Cell } from './stat-cells';
import { recordDateOps, writeRecordDates } from './stat-record-dates';
import {
  StatCounterModel,
  StatLedgerModel,
  StatRecordDateModel,
  StatSyncStateModel,
  type StatLedger,
} from './stat.model';
import { RULES_VERSION, SOURCE_NAMES, SOURCE_PROJECTIONS, SOURCES, type SourceName } from './stat-sources';

/**
 * Keeps the monthly counters exact without touching the services that write: every source has
 * `updatedAt` (mongoose sets it on every create and update), so a catch-up reads the records
 * changed since the last one, computes their cells with the counting rules, and applies the
 * difference from what the ledger says they added before. A record read twice changes nothing;
 * two processes catching up at once are kept apart by a compare-and-set on the ledger entry.
 *
 * Two paths share that apply step:
 * - a pass (syncStats) reads each source from its watermark, the start of the last completed
 *   pass, minus OVERLAP_MS: a write whose updatedAt was taken by another process with a slightly
 *   different clock, or committed a moment after a pass read past it, is still seen. The
 *   background job runs one every few seconds, so that window holds about a minute of writes;
 * - a request (freshenStats) looks only at that window, compares each record's updatedAt with
 *   the ledger's, and applies the few it finds newer before answering: the dashboard sees every
 *   write committed before it was asked (read-your-writes), and a quiet database costs one empty
 *   index range per source. Only a backlog too large to apply in a request (a first start on a
 *   big database, a bulk import) is left to a pass, and the answer says it is catching up.
 *
 * A process dying between a ledger write and its counter $inc would leave those counters off;
 * rebuildStats() recounts everything from the sources.
 */
const OVERLAP_MS = 60_000;
const BATCH = 1000;
/**
 * requestApplyLimit: the most records in a source's window a request looks at and applies itself
 * before answering; more is left to a pass (a test lowers it to make a backlog).
 */
export const statSyncTuning = { requestApplyLimit: 2000 };

type Doc = { _id: Types.ObjectId; updatedAt: Date };
type LedgerLean = StatLedger & { _id: string };
type SyncState = { _id: string; watermark: Date; rules?: number | null };

const ledgerId = (source: SourceName, id: Types.ObjectId) => `${source}:${id.toHexString()}`;

// The catch-up and the request's change check read each source by {updatedAt, _id}. The sources'
// schemas belong to their features; the index is ours to ask for, declared so the start-up index
// report expects it rather than listing it as extra.
for (const name of SOURCE_NAMES) {
  declareIndexes(SOURCES[name].collection().collectionName, [[{ updatedAt: 1, _id: 1 }]]);
}

let indexesReady: Promise<unknown> | null = null;
export function ensureStatIndexes(): Promise<unknown> {
  // Also created here, not only at boot: tests and benches drive the app without server.ts.
  indexesReady ??= Promise.all(
    SOURCE_NAMES.map((name) => SOURCES[name].collection().createIndex({ updatedAt: 1, _id: 1 })),
  ).catch((err: unknown) => {
    indexesReady = null;
    throw err;
  });
  return indexesReady;
}

/** A state from an older rule (or none) means the whole source has to be read again. */
const upToDate = (source: SourceName, state: SyncState | undefined): state is SyncState =>
  !!state && (state.rules ?? 1) === RULES_VERSION[source];

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
  incs.clear();
  if (ops.length === 0) return;
  let pending = ops;
  try {
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
  } finally {
    // After the counters (even some of them: an unordered write that failed may have applied
    // the rest), so a reader that sees the new generation also sees what it counts.
    await bumpGeneration();
  }
}

/**
 * A number that grows after every counter write, in any process: an answer computed from the
 * counters after reading generation g stays exact while the generation is still g, so screens
 * built from many counters (a breakdown over every organization) can be kept and served again.
 * Kept beside the sources' sync states; a rebuild keeps it counting rather than resetting it.
 */
const GENERATION_ID = 'generation';
async function bumpGeneration(): Promise<void> {
  await StatSyncStateModel.collection.updateOne(
    { _id: GENERATION_ID as unknown as Document['_id'] },
    { $inc: { generation: 1 } },
    { upsert: true },
  );
}
export async function statsGeneration(): Promise<number> {
  const doc = await StatSyncStateModel.collection.findOne(
    { _id: GENERATION_ID as unknown as Document['_id'] },
    { projection: { generation: 1 } },
  );
  return typeof doc?.generation === 'number' ? doc.generation : 0;
}

/** Applies one record's new cells against its ledger entry; returns whether anything changed. */
async function applyOne(
  source: SourceName,
  doc: Doc,
  cells: Cell[],
  known: LedgerLean | undefined,
  incs: Map<string, number>,
  dates: ReturnType<typeof recordDateOps>,
): Promise<boolean> {
  const _id = ledgerId(source, doc._id);
  const h = cellsHash(cells);
  let current = known;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (current && current.u.getTime() > doc.updatedAt.getTime()) return false;
    if (current && current.h === h) {
      // Nothing to count, but the ledger notes the version read, so the request's change check
      // (updatedAt newer than the ledger's) does not find this record again.
      if (current.u.getTime() < doc.updatedAt.getTime()) {
        await StatLedgerModel.collection.updateOne(
          { _id: _id as unknown as Document['_id'] },
          { $max: { u: doc.updatedAt } },
        );
      }
      return false;
    }
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
        dates.push(...recordDateOps(_id, doc._id, [], cells));
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
        dates.push(...recordDateOps(_id, doc._id, current.c as Cell[], cells));
        return true;
      }
    }
    current = (await StatLedgerModel.findById(_id).lean<LedgerLean>()) ?? undefined;
  }
  throw new Error(`stats: ledger ${_id} kept changing under the catch-up`);
}

/** Counter differences not yet written; a pass lets them add up over many batches. */
type Incs = Map<string, number>;
/**
 * A pass writes its counter differences every this many of them rather than after each batch: a
 * province's first pass touches each organization's monthly counter hundreds of times, and one
 * $inc per counter per flush is what makes it minutes rather than an hour. The price: a process
 * dying before a flush leaves the ledger ahead of the counters (as the single-batch window did
 * before, only wider) until rebuildStats().
 */
const FLUSH_AT = 20_000;

/**
 * Computes a batch of one source's records and notes the counter differences in `incs` (the
 * caller flushes them); returns the ids whose cells changed.
 */
async function applyBatch(source: SourceName, docs: Doc[], incs: Incs): Promise<Types.ObjectId[]> {
  const cellsById = await SOURCES[source].cells(docs);
  const ids = docs.map((doc) => ledgerId(source, doc._id));
  const ledgers = await StatLedgerModel.find({ _id: { $in: ids } }).lean<LedgerLean[]>();
  const known = new Map(ledgers.map((l) => [l._id, l]));
  const changed: Types.ObjectId[] = [];
  // The drill-down's dates of the records whose ledger entry this batch wrote (stat-record-dates.ts).
  const dates: ReturnType<typeof recordDateOps> = [];
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
      dates.push(...recordDateOps(ledgerId(source, doc._id), doc._id, [], cellsOf(doc)));
      changed.push(doc._id);
    });
  }
  const retry = new Set(fresh.filter((_, index) => failed.has(index)));
  for (const doc of docs) {
    const ledger = known.get(ledgerId(source, doc._id));
    if (!ledger && !retry.has(doc)) continue;
    if (await applyOne(source, doc, cellsOf(doc), ledger, incs, dates)) changed.push(doc._id);
  }
  await writeRecordDates(dates);
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
    // Their own updatedAt did not change: read at the same version, the ledger compares cells.
    const incs: Incs = new Map();
    await applyBatch(
      'registrations',
      docs.map((doc) => ({ ...doc, updatedAt: doc.updatedAt ?? new Date(0) })),
      incs,
    );
    await flushIncs(incs);
    lastId = docs[docs.length - 1]._id;
  }
}

/** Applies one source's records; a changed event re-counts its registrations. */
async function applyRecords(source: SourceName, docs: Doc[], windowed: boolean, incs: Incs): Promise<void> {
  // Records written before updatedAt existed (bulk loads) still count, as of the first pass.
  const dated = docs.map((doc) => (doc.updatedAt ? doc : { ...doc, updatedAt: new Date(0) }));
  const changed = await applyBatch(source, dated, incs);
  // On a whole-source read the registrations are read whole too; no need to follow events.
  if (source === 'events' && changed.length > 0 && windowed) {
    // The events' own differences first: the registrations' flush is separate.
    await flushIncs(incs);
    await syncRegistrationsOf(changed);
  }
}

/** Set on shutdown: a pass stops between batches, leaving its watermark for the next one. */
let stopping = false;
export function stopStatsPasses(): void {
  stopping = true;
}

async function syncSource(source: SourceName, state: SyncState | undefined, now: Date): Promise<void> {
  const collection = SOURCES[source].collection();
  const since = upToDate(source, state) ? new Date(state.watermark.getTime() - OVERLAP_MS) : null;
  let last: Doc | null = null;
  const incs: Incs = new Map();
  for (;;) {
    if (stopping) break;
    // In _id order, the window (if any) as a filter: a keyset over (updatedAt, _id) needs an $or
    // that a window of records sharing one updatedAt (a bulk load: the whole province) turns into
    // a walk of the window per batch on the embedded server, quadratic in its size. A record
    // changed behind this pass's position is newer than its start, so the next pass reads it.
    const filter: Document = {
      ...(since ? { updatedAt: { $gte: since } } : {}),
      ...(last ? { _id: { $gt: last._id } } : {}),
    };
    const docs = (await collection
      .find(filter, { projection: SOURCE_PROJECTIONS[source] })
      .sort({ _id: 1 })
      .limit(BATCH)
      .toArray()) as unknown as Doc[];
    if (docs.length === 0) break;
    await applyRecords(source, docs, !!since, incs);
    // A windowed pass races the requests' own catch-up: its differences go out with each batch.
    if (since || incs.size >= FLUSH_AT) await flushIncs(incs);
    last = docs[docs.length - 1];
    if (docs.length < BATCH) break;
  }
  await flushIncs(incs);
  if (stopping) return;
  // The watermark is this pass's start, not the newest updatedAt seen: every record committed
  // before then (give or take OVERLAP_MS of clock difference) has been read, so the next pass
  // and the request's check start from there even when nothing was written, and a record dated
  // in the future (a wrong clock, a bulk load) cannot hide the ordinary writes after it.
  await StatSyncStateModel.updateOne(
    { _id: source },
    { $max: { watermark: now }, $set: { rules: RULES_VERSION[source] } },
    { upsert: true },
  );
}

async function loadStates(): Promise<Map<string, SyncState>> {
  const states = await StatSyncStateModel.find({}).lean<SyncState[]>();
  return new Map(states.map((state) => [state._id, state]));
}

async function syncAll(): Promise<void> {
  await ensureStatIndexes();
  const now = new Date();
  const states = await loadStates();
  // Events before registrations: a moved event re-counts its registrations in the same pass.
  for (const source of SOURCE_NAMES) await syncSource(source, states.get(source), now);
}

/**
 * One run at a time per process, shared by every caller that arrives before it starts; a caller
 * arriving mid-run waits for one more run that starts after it, so it sees its own writes.
 */
function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const promise = run().finally(() => {
      if (current === promise) current = null;
    });
    current = promise;
    return promise;
  };
  return () => {
    if (!current) return start();
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return current ?? start();
      });
    return queued;
  };
}

const syncShared = singleFlight(syncAll);
/** Passes asked for in this process and not yet finished. */
let passesInFlight = 0;

/**
 * A full pass over every source's changes since the last one: what the background job runs, and
 * what a first start (or a changed counting rule) needs. Minutes on a province-sized database
 * the first time; a few empty index ranges when nothing changed.
 */
export function syncStats(): Promise<void> {
  passesInFlight++;
  return syncShared().finally(() => passesInFlight--);
}

/** What the request found: whether its answer already counts every committed write. */
export type StatFreshness = { catchingUp: boolean; applied: number };

type Pending = { source: SourceName; docs: Doc[]; windowed: boolean } | { source: SourceName; tooMany: true };

/** The records of one source the counters do not reflect yet, up to the request's limit. */
async function pendingOf(source: SourceName, state: SyncState | undefined): Promise<Pending> {
  const collection = SOURCES[source].collection();
  const windowed = upToDate(source, state);
  // Never read (a first start) or read under an older rule: every record may be pending.
  const filter: Document = windowed
    ? { updatedAt: { $gte: new Date(state.watermark.getTime() - OVERLAP_MS) } }
    : {};
  // Any limit+1 records of the window tell a backlog apart; _id order, for the reason syncSource
  // gives (the oldest updatedAt first made the database sort a bulk load's window every time).
  const window = (await collection
    .find(filter, { projection: { _id: 1, updatedAt: 1 } })
    .sort({ _id: 1 })
    .limit(statSyncTuning.requestApplyLimit + 1)
    .toArray()) as unknown as Array<{ _id: Types.ObjectId; updatedAt?: Date | null }>;
  if (window.length > statSyncTuning.requestApplyLimit) return { source, tooMany: true };
  if (window.length === 0) return { source, docs: [], windowed };
  const ledgers = await StatLedgerModel.find(
    { _id: { $in: window.map((doc) => ledgerId(source, doc._id)) } },
    { u: 1 },
  ).lean<Array<{ _id: string; u: Date }>>();
  const appliedAt = new Map(ledgers.map((l) => [l._id, l.u.getTime()]));
  const stale = window.filter((doc) => {
    const u = appliedAt.get(ledgerId(source, doc._id));
    return u === undefined || u < (doc.updatedAt?.getTime() ?? 0);
  });
  if (stale.length === 0) return { source, docs: [], windowed };
  const docs = (await collection
    .find({ _id: { $in: stale.map((doc) => doc._id) } }, { projection: SOURCE_PROJECTIONS[source] })
    .toArray()) as unknown as Doc[];
  return { source, docs, windowed };
}

async function freshenOnce(): Promise<StatFreshness> {
  await ensureStatIndexes();
  const states = await loadStates();
  const pending = await Promise.all(SOURCE_NAMES.map((source) => pendingOf(source, states.get(source))));
  let catchingUp = false;
  let applied = 0;
  // In SOURCE_NAMES order: events before registrations, as in a pass.
  const incs: Incs = new Map();
  for (const p of pending) {
    if ('tooMany' in p) catchingUp = true;
    else if (p.docs.length > 0) {
      await applyRecords(p.source, p.docs, p.windowed, incs);
      applied += p.docs.length;
    }
  }
  await flushIncs(incs);
  // Too much to apply while someone waits: a pass takes it on, this answer says so. A pass
  // already running in this process (the background job) is not waited for.
  if (catchingUp && passesInFlight === 0) void syncStats().catch(() => undefined);
  return { catchingUp, applied };
}

/**
 * What every statistics request awaits before reading the counters: applies the writes committed
 * since the last pass (a bounded number), so the answer counts them. Concurrent requests in one
 * process share a check.
 */
export const freshenStats: () => Promise<StatFreshness> = singleFlight(freshenOnce);

/** Throws the counters away and counts everything again from the sources. */
export async function rebuildStats(): Promise<void> {
  await syncStats().catch(() => undefined);
  await Promise.all([
    StatCounterModel.deleteMany({}),
    StatLedgerModel.deleteMany({}),
    StatRecordDateModel.deleteMany({}),
    StatSyncStateModel.deleteMany({ _id: { $ne: GENERATION_ID } }),
  ]);
  await bumpGeneration();
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
