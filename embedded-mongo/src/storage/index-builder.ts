import { performance } from 'node:perf_hooks';
import type { CollectionStore } from './collection-store';
import { RawDoc } from './doc-map';
import type { IndexSpec, IndexStore } from './index-store';
import { nextTurn } from '../turns';

type Doc = Record<string, unknown>;

/**
 * Secondary indexes whose postings are still being built after a restart. Deriving every posting
 * from the documents was half of a restart at directory scale (15 M multikey postings from the
 * search gram indexes), so a start loads the documents, builds unique indexes at once (every write
 * checks them) and builds the others here, in short slices between requests, after it is ready.
 *
 * Meanwhile such an index is listed and maintained by writes like any other. A read that would use
 * it (`readyForRead`) finishes it at once when it is light (about one key per document, as
 * sampled when it was installed: a person's mobile, an organization's kind): building it reads
 * each document's indexed fields once, no more than the scan it saves, which would read and match
 * every document for that one query (the demo seeding's 24 upserts by `contacts.mobile` each
 * scanned 300,000 people). A heavy one (search grams, dozens of keys per document) is not read
 * until built: queries scan and filter, so answers stay exact, only slower until it is done.
 * Light indexes are built first.
 *
 * Writes and the builder may meet on a document in any order because adding a key a document
 * already holds, or removing one it does not hold, changes nothing: a write to a document the
 * builder has passed keeps the index exact, and one the builder has not reached yet is indexed
 * in its current form when the builder gets there (Map iteration visits documents inserted during
 * the walk and skips those removed before it reached them).
 */
const building = new WeakMap<IndexStore, BuildState>();

interface BuildState {
  coll: CollectionStore;
  /** Many keys per document: finishing it for one read could cost far more than scanning. */
  heavy: boolean;
}

/** Documents sampled to tell a light index from a heavy one. */
const SAMPLE_DOCS = 64;
/** Keys per sampled document above which an index is heavy. */
const HEAVY_KEYS_PER_DOC = 4;

/** False while the index is being built in the background: its postings may be incomplete. */
export function isIndexReady(ix: IndexStore): boolean {
  return !building.has(ix);
}

/**
 * Whether a read may use the index now: true once built, and for a light index still being
 * built, which is finished here first (synchronously, from each document's indexed fields).
 * False for a heavy one still being built: the read scans instead.
 */
export function readyForRead(ix: IndexStore): boolean {
  const state = building.get(ix);
  if (!state) return true;
  if (state.heavy) return false;
  fill(state.coll, ix);
  return true;
}

export interface IndexBuild {
  coll: CollectionStore;
  ix: IndexStore;
}

export interface BuildPacing {
  /** Longest stretch of building between two yields to the event loop while requests are served. */
  sliceMs: number;
  /** The same once the event loop had nothing else to run at the last yield (see BackgroundSlices). */
  idleSliceMs?: number;
  /** Test knob: at most this many documents per slice. */
  sliceDocs?: number;
  /** Checked between slices: true stops the build (shutdown); the next start builds it again. */
  stopped(): boolean;
  /** Checked between slices: false when the collection or the index was dropped meanwhile. */
  live(build: IndexBuild): boolean;
}

/**
 * Registers an index created empty over existing documents; buildIndexes fills it. Its first
 * documents are sampled (their indexed fields only) to tell whether it is light or heavy.
 */
export function markBuilding(ix: IndexStore, coll: CollectionStore): void {
  const roots = indexRoots(ix.spec);
  let docs = 0;
  let keys = 0;
  for (const [idKey, stored] of coll.docs.storedEntries()) {
    keys += ix.keysFor(indexedFields(coll, idKey, stored, roots)).length;
    if (++docs === SAMPLE_DOCS) break;
  }
  building.set(ix, { coll, heavy: keys > docs * HEAVY_KEYS_PER_DOC });
}

/** Light indexes first (see readyForRead), each group in its given order. */
export function lightFirst(builds: IndexBuild[]): IndexBuild[] {
  const heavy = (b: IndexBuild) => building.get(b.ix)?.heavy === true;
  return [...builds.filter((b) => !heavy(b)), ...builds.filter(heavy)];
}

const CHECK_EVERY = 64;

/** Fills each index from its collection's documents in slices; resolves when all are ready or stopped. */
export async function buildIndexes(builds: IndexBuild[], pacing: BuildPacing): Promise<void> {
  const maxDocs = pacing.sliceDocs ?? Infinity;
  for (const build of builds) {
    const { coll, ix } = build;
    const roots = indexRoots(ix.spec);
    const docs = coll.docs.storedEntries();
    const slices = new BackgroundSlices(pacing.sliceMs, pacing.idleSliceMs);
    let inSlice = 0;
    for (let next = docs.next(); !next.done; next = docs.next()) {
      // A read finished it meanwhile (readyForRead).
      if (!building.has(ix)) break;
      const [idKey, stored] = next.value;
      ix.add(idKey, ix.keysFor(indexedFields(coll, idKey, stored, roots)));
      inSlice++;
      if (inSlice >= maxDocs || (inSlice % CHECK_EVERY === 0 && slices.due())) {
        await slices.yield();
        if (pacing.stopped()) return;
        if (!pacing.live(build)) break;
        inSlice = 0;
      }
    }
    if (building.delete(ix)) ix.trimPostings();
  }
}

/**
 * Time beyond which a yield's turn came back late: something else ran meanwhile (a
 * request's message, its journal fsync's completion). An idle loop returns in tens of microseconds.
 */
const BUSY_GAP_MS = 0.2;

/**
 * The slices of work a restart leaves for after it is ready (#19): short while requests are being
 * served, since each step of a request that waits on I/O waits for the slice in hand to end, and
 * long when the last yield found nothing else to run, since every yield costs the work itself too
 * (a restart's build took ~40 % longer in 2 ms slices than in 10 ms ones, traced without clients).
 */
export class BackgroundSlices {
  private started = performance.now();
  private limit: number;

  constructor(
    private readonly busyMs: number,
    private readonly idleMs = busyMs,
  ) {
    this.limit = busyMs;
  }

  /** True once the slice in hand has run its time. */
  due(): boolean {
    return performance.now() - this.started >= this.limit;
  }

  /** Lets everything queued run, then starts the next slice, short if anything did. */
  async yield(): Promise<void> {
    const at = performance.now();
    await nextTurn();
    this.started = performance.now();
    this.limit = this.started - at > BUSY_GAP_MS ? this.busyMs : this.idleMs;
  }
}

/** Adds every document's keys at once and marks the index built. */
function fill(coll: CollectionStore, ix: IndexStore): void {
  const roots = indexRoots(ix.spec);
  for (const [idKey, stored] of coll.docs.storedEntries())
    ix.add(idKey, ix.keysFor(indexedFields(coll, idKey, stored, roots)));
  building.delete(ix);
  ix.trimPostings();
}

/**
 * What an index reads of a stored document: for one still held as bytes, only the fields the
 * index reads (RawDoc.pick: the same decoder, the rest left undecoded), else the whole document.
 */
export function indexedFields(
  coll: CollectionStore,
  idKey: string,
  stored: Doc | RawDoc,
  roots: ReadonlySet<string> | null,
): Doc {
  if (!(stored instanceof RawDoc)) return stored;
  return (roots && stored.pick(roots)) ?? coll.docs.get(idKey)!;
}

const rootsOf = new WeakMap<IndexSpec, Set<string> | null>();

/**
 * The top-level fields an index reads (its key fields' and its partial filter's first path
 * segments), or null when that is not plain: a wildcard or text key, a filter operator other
 * than the comparisons mongod allows in partial filters.
 */
export function indexRoots(spec: IndexSpec): Set<string> | null {
  if (rootsOf.has(spec)) return rootsOf.get(spec)!;
  const roots = plainRoots(spec);
  rootsOf.set(spec, roots);
  return roots;
}

function plainRoots(spec: IndexSpec): Set<string> | null {
  const roots = new Set<string>();
  for (const [field, kind] of Object.entries(spec.key)) {
    if (field.includes('$') || typeof kind !== 'number') return null;
    roots.add(field.split('.')[0]);
  }
  const visit = (filter: unknown): boolean => {
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return false;
    for (const [k, v] of Object.entries(filter as Doc)) {
      if (k === '$and' || k === '$or') {
        if (!Array.isArray(v) || !v.every(visit)) return false;
      } else if (k.startsWith('$')) return false;
      else roots.add(k.split('.')[0]);
    }
    return true;
  };
  const pfe = spec.partialFilterExpression;
  if (pfe && !visit(pfe)) return null;
  return roots;
}
