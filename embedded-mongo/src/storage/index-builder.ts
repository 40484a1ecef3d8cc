import { performance } from 'node:perf_hooks';
import type { CollectionStore } from './collection-store';
import type { IndexStore } from './index-store';

/**
 * Secondary indexes whose postings are still being built after a restart. Deriving every posting
 * from the documents was half of a restart at directory scale (15 M multikey postings from the
 * search gram indexes), so a start loads the documents, builds unique indexes at once (every write
 * checks them) and builds the others here, in short slices between requests, after it is ready.
 *
 * Meanwhile such an index is listed and maintained by writes like any other, but the planner does
 * not read it (`isIndexReady`): queries scan and filter, so answers stay exact, only slower until
 * it is done. Writes and the builder may meet on a document in any order because adding a key a
 * document already holds, or removing one it does not hold, changes nothing: a write to a document
 * the builder has passed keeps the index exact, and one the builder has not reached yet is indexed
 * in its current form when the builder gets there (Map iteration visits documents inserted during
 * the walk and skips those removed before it reached them).
 */
const building = new WeakSet<IndexStore>();

/** False while the index is being built in the background: its postings may be incomplete. */
export function isIndexReady(ix: IndexStore): boolean {
  return !building.has(ix);
}

export interface IndexBuild {
  coll: CollectionStore;
  ix: IndexStore;
}

export interface BuildPacing {
  /** Longest stretch of building between two yields to the event loop. */
  sliceMs: number;
  /** Test knob: at most this many documents per slice. */
  sliceDocs?: number;
  /** Checked between slices: true stops the build (shutdown); the next start builds it again. */
  stopped(): boolean;
  /** Checked between slices: false when the collection or the index was dropped meanwhile. */
  live(build: IndexBuild): boolean;
}

/** Registers an index created empty over existing documents; buildIndexes fills it. */
export function markBuilding(ix: IndexStore): void {
  building.add(ix);
}

const CHECK_EVERY = 64;

/** Fills each index from its collection's documents in slices; resolves when all are ready or stopped. */
export async function buildIndexes(builds: IndexBuild[], pacing: BuildPacing): Promise<void> {
  const maxDocs = pacing.sliceDocs ?? Infinity;
  for (const build of builds) {
    const { coll, ix } = build;
    const docs = coll.docs.entries();
    let sliceStart = performance.now();
    let inSlice = 0;
    for (let next = docs.next(); !next.done; next = docs.next()) {
      const [idKey, doc] = next.value;
      ix.add(idKey, ix.keysFor(doc));
      inSlice++;
      if (
        inSlice >= maxDocs ||
        (inSlice % CHECK_EVERY === 0 && performance.now() - sliceStart >= pacing.sliceMs)
      ) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (pacing.stopped()) return;
        if (!pacing.live(build)) break;
        sliceStart = performance.now();
        inSlice = 0;
      }
    }
    building.delete(ix);
  }
}
