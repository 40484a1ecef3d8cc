import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Model } from 'mongoose';
import type { Maturity } from '@alliance-hub/types';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { MatchIndex, type IndexedDoc } from './match-index';
import { createAnalyzer, type Analyzer } from './matching-text';
import { SynonymGroupModel } from './synonym.model';
import { SEED_SYNONYM_GROUPS } from './synonym.seed';
import { declareIndexes } from '../health/index-report';

/**
 * The matching indexes of this process: achievements, demands, experts and enterprises, each a
 * MatchIndex kept current by polling the collections' updatedAt, so every cloud process behind
 * the load balancer converges within seconds of a write on any of them. No request waits for a
 * full rebuild once the first build is done: a changed synonym table or a fragmented index is
 * rebuilt in the background while the old catalog keeps answering.
 */

export type Catalog = {
  analyzer: Analyzer;
  achievements: MatchIndex;
  demands: MatchIndex;
  experts: MatchIndex;
  organizations: MatchIndex;
  synonymsSignature: string;
  watermarks: Record<Source, number>;
};

type Source = 'achievements' | 'demands' | 'experts' | 'organizations';

/** How often a request may trigger the cheap incremental refresh. Edits show within this (plus a query). */
const REFRESH_MS = 5_000;
/**
 * Re-read this much before the newest updatedAt seen: another process's write can carry a
 * timestamp slightly older than one already read (clocks, in-flight writes). Re-indexing a
 * document twice is harmless.
 */
const OVERLAP_MS = 10_000;
const GARBAGE_REBUILD_RATIO = 0.3;

type AchievementRow = {
  _id: { toHexString(): string };
  title: string;
  keywords?: string[];
  summary: string;
  detail?: string | null;
  fields?: string[];
  maturity: Maturity;
  ownerOrgId: { toHexString(): string };
  ownerProvince?: string | null;
  status: string;
  publishedAt?: Date | null;
  updatedAt: Date;
};

type DemandRow = Omit<AchievementRow, 'summary' | 'detail' | 'maturity'> & {
  description: string;
  visibility: string;
};

type PersonRow = {
  _id: { toHexString(): string };
  title?: string | null;
  orgId?: { toHexString(): string } | null;
  expertise?: string[];
  card?: { offer?: string | null } | null;
  updatedAt: Date;
};

type OrganizationRow = {
  _id: { toHexString(): string };
  kind: string;
  fields?: string[];
  keywords?: string[];
  needs?: string | null;
  region?: { province?: string | null } | null;
  updatedAt: Date;
};

const time = (d: Date | null | undefined) => (d ? d.getTime() : 0);

/**
 * An ObjectId's hex string as one sequential string (#19). toHexString() concatenates twelve
 * two-character pieces, which V8 keeps as a tree of six cons strings over a 12-character one
 * (~232 bytes) until something reads the characters; the catalog keeps every document's id and
 * owner id for its lifetime, and its maps hash them without reading them. A JSON round trip
 * returns the same characters as one 24-character string (~48 bytes): ~110 MB less at 300,000
 * experts. (A mere read such as Number(hex) would flatten it in place, but optimised code drops it
 * as dead.)
 */
export function hexId(id: { toHexString(): string }): string {
  return JSON.parse(JSON.stringify(id.toHexString())) as string;
}

export function achievementDoc(row: AchievementRow): IndexedDoc | null {
  if (row.status !== 'published') return null;
  return {
    id: hexId(row._id),
    title: [row.title, ...(row.keywords ?? [])].join(' '),
    text: [row.summary, row.detail].filter(Boolean).join('\n'),
    fields: row.fields ?? [],
    maturity: row.maturity,
    province: row.ownerProvince ?? null,
    orgId: hexId(row.ownerOrgId),
    facts: { publishedAt: time(row.publishedAt) },
    stamp: time(row.updatedAt),
  };
}

export function demandDoc(row: DemandRow): IndexedDoc | null {
  if (row.status !== 'published') return null;
  return {
    id: hexId(row._id),
    title: [row.title, ...(row.keywords ?? [])].join(' '),
    text: row.description,
    fields: row.fields ?? [],
    province: row.ownerProvince ?? null,
    orgId: hexId(row.ownerOrgId),
    facts: { publishedAt: time(row.publishedAt), visibility: row.visibility },
    stamp: time(row.updatedAt),
  };
}

/** One empty field list shared by every expert (people have no fields): not one per person. */
const NO_FIELDS: readonly string[] = Object.freeze([]);

/** People are experts by their stated expertise (and what their card offers). */
function expertDoc(row: PersonRow): IndexedDoc | null {
  if (!row.expertise?.length || !row.orgId) return null;
  return {
    id: hexId(row._id),
    title: row.expertise.join(' '),
    text: [row.title, row.card?.offer].filter(Boolean).join('\n'),
    fields: NO_FIELDS,
    orgId: hexId(row.orgId),
    stamp: time(row.updatedAt),
  };
}

/** Enterprises that might take up an achievement, by what they say they need. */
function organizationDoc(row: OrganizationRow): IndexedDoc | null {
  if (row.kind !== 'enterprise' || (!row.needs && !row.keywords?.length)) return null;
  const id = hexId(row._id);
  return {
    id,
    title: (row.keywords ?? []).join(' '),
    text: row.needs ?? '',
    fields: row.fields ?? [],
    province: row.region?.province ?? null,
    orgId: id,
    stamp: time(row.updatedAt),
  };
}

type SourceSpec = {
  model: Model<unknown>;
  projection: Record<string, 1>;
  toDoc: (row: never) => IndexedDoc | null;
};

const PUBLICATION_PROJECTION = {
  title: 1,
  keywords: 1,
  fields: 1,
  ownerOrgId: 1,
  ownerProvince: 1,
  status: 1,
  publishedAt: 1,
  updatedAt: 1,
} as const;

const SOURCES: Record<Source, SourceSpec> = {
  achievements: {
    model: AchievementModel as unknown as Model<unknown>,
    projection: { ...PUBLICATION_PROJECTION, summary: 1, detail: 1, maturity: 1 },
    toDoc: achievementDoc as (row: never) => IndexedDoc | null,
  },
  demands: {
    model: DemandModel as unknown as Model<unknown>,
    projection: { ...PUBLICATION_PROJECTION, description: 1, visibility: 1 },
    toDoc: demandDoc as (row: never) => IndexedDoc | null,
  },
  experts: {
    model: PersonModel as unknown as Model<unknown>,
    projection: { title: 1, orgId: 1, expertise: 1, 'card.offer': 1, updatedAt: 1 },
    toDoc: expertDoc as (row: never) => IndexedDoc | null,
  },
  organizations: {
    model: OrganizationModel as unknown as Model<unknown>,
    projection: { kind: 1, fields: 1, keywords: 1, needs: 1, region: 1, updatedAt: 1 },
    toDoc: organizationDoc as (row: never) => IndexedDoc | null,
  },
};

/** Only what can be matched is read in full: published items, people with expertise, enterprises. */
const FULL_FILTER: Record<Source, Record<string, unknown>> = {
  achievements: { status: 'published' },
  demands: { status: 'published' },
  experts: { 'expertise.0': { $exists: true } },
  organizations: { kind: 'enterprise' },
};

/** Seeds the table once (idempotent per group) so a fresh database starts with the good list. */
export async function seedSynonyms(): Promise<void> {
  if ((await SynonymGroupModel.estimatedDocumentCount()) > 0) return;
  for (const terms of SEED_SYNONYM_GROUPS) {
    const keys = terms.map((t) => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
    await SynonymGroupModel.updateOne(
      { seedKey: keys[0] },
      { $setOnInsert: { terms: [...terms], keys, version: 0, seedKey: keys[0] } },
      { upsert: true },
    );
  }
}

async function loadSynonyms(): Promise<{ groups: string[][]; signature: string }> {
  const rows = await SynonymGroupModel.find({ deletedAt: { $exists: false } }, { terms: 1, updatedAt: 1 })
    .sort({ _id: 1 })
    .lean();
  return { groups: rows.map((r) => r.terms), signature: await synonymsSignature() };
}

/** Changes when any group is added, edited or deleted (deletes are soft and touch updatedAt). */
async function synonymsSignature(): Promise<string> {
  const newest = await SynonymGroupModel.findOne({}, { updatedAt: 1 }).sort({ updatedAt: -1 }).lean();
  const count = await SynonymGroupModel.countDocuments({});
  return `${count}:${newest?.updatedAt?.getTime() ?? 0}`;
}

// The poll reads each source by updatedAt. The sources' schemas belong to their features; the index
// is matching's to ask for, declared so the start-up index report expects it instead of listing it
// as extra, and created here too because tests and benches build catalogs without server.ts.
const POLLING_INDEX = { updatedAt: 1 } as const;
for (const spec of Object.values(SOURCES))
  declareIndexes(spec.model.collection.collectionName, [[POLLING_INDEX]]);

let indexesEnsured = false;
async function ensurePollingIndexes(): Promise<void> {
  if (indexesEnsured) return;
  for (const spec of Object.values(SOURCES)) await spec.model.collection.createIndex(POLLING_INDEX);
  indexesEnsured = true;
}

/** Matches read per find while a catalog is built. */
const FULL_READ_PAGE = 1000;

/**
 * Every match of `filter`, read as finds of up to `pageSize` in `_id` order, each after the last
 * one read (#19). One find of every match was one step for the database: the embedded server
 * decodes and projects all of them when the find opens (300,000 people: a 5.6–11.5 s stall right
 * after a restart, during which the readiness ping failed), and a page stops at its limit on
 * either server. Writes made meanwhile are caught up from the watermarks, as they were.
 */
async function* readInPages(
  spec: SourceSpec,
  filter: Record<string, unknown>,
  pageSize: number,
): AsyncGenerator<{ _id: unknown }> {
  let after: unknown;
  for (;;) {
    const rows = (await spec.model
      .find(after === undefined ? filter : { ...filter, _id: { $gt: after } }, spec.projection)
      .sort({ _id: 1 })
      .limit(pageSize)
      .lean()) as Array<{ _id: unknown }>;
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]._id;
  }
}

async function buildCatalog(pageSize = FULL_READ_PAGE): Promise<Catalog> {
  await ensurePollingIndexes();
  await seedSynonyms();
  const started = Date.now();
  const { groups, signature } = await loadSynonyms();
  const analyzer = createAnalyzer(groups);
  const catalog: Catalog = {
    analyzer,
    achievements: new MatchIndex(analyzer),
    demands: new MatchIndex(analyzer),
    experts: new MatchIndex(analyzer),
    organizations: new MatchIndex(analyzer),
    synonymsSignature: signature,
    watermarks: { achievements: 0, demands: 0, experts: 0, organizations: 0 },
  };
  for (const source of Object.keys(SOURCES) as Source[]) {
    const spec = SOURCES[source];
    for await (const row of readInPages(spec, FULL_FILTER[source], pageSize)) {
      // Each toDoc builds its document as one literal, stamp included: a spread copy with one
      // more property measured ~270 B more a document kept (300,000 experts: ~80 MB).
      const doc = spec.toDoc(row as never);
      if (doc) catalog[source].upsert(doc);
    }
    // Built once, then changed a few documents at a time: the room its arrays grew into goes back.
    catalog[source].trimToSize();
    catalog.watermarks[source] = started - OVERLAP_MS;
  }
  return catalog;
}

async function applyChanges(catalog: Catalog): Promise<void> {
  for (const source of Object.keys(SOURCES) as Source[]) {
    const spec = SOURCES[source];
    const since = new Date(catalog.watermarks[source]);
    const rows = (await spec.model
      .find({ updatedAt: { $gte: since } }, spec.projection)
      .sort({ updatedAt: 1 })
      .lean()) as unknown as Array<{ _id: { toHexString(): string }; updatedAt: Date }>;
    let newest = catalog.watermarks[source] + OVERLAP_MS;
    for (const row of rows) {
      const stamp = time(row.updatedAt);
      // The overlap re-reads recent rows: an unchanged one is left alone (no tombstone).
      if (catalog[source].get(row._id.toHexString())?.stamp === stamp) continue;
      const doc = spec.toDoc(row as never);
      // Unpublished, archived, no longer an expert: out of the index.
      if (doc) catalog[source].upsert(doc);
      else catalog[source].remove(row._id.toHexString());
      newest = Math.max(newest, time(row.updatedAt));
    }
    catalog.watermarks[source] = newest - OVERLAP_MS;
  }
}

let fullCollection: (() => void) | undefined;

/**
 * One full collection of this thread's heap, once a catalog is built or swapped in (#19). A build
 * reads every source row: each page's rows and the driver's reply buffers outlive a scavenge or
 * two and are promoted as they go (at 300,000 experts ~40 MB of heap and ~40 MB of array buffers,
 * plus the old catalog after a rebuild), and while the process then idles nothing collects them:
 * V8 waits for the old generation to grow. They stayed resident for as long as it ran. V8 gives
 * no other way to ask for a collection than its gc extension, exposed here once. It pauses this
 * thread once (~90 ms at that size), a minute after a start or after a rebuild.
 */
function collectBuildGarbage(): void {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
}

/** The process's live catalog. */
class LiveCatalog {
  refreshEveryMs = REFRESH_MS;
  /** Matches per find when the catalog is built (tests make it small to see the pages). */
  readPageSize = FULL_READ_PAGE;
  private current: Catalog | undefined;
  private building: Promise<Catalog> | undefined;
  private refreshing: Promise<void> | undefined;
  private rebuilding = false;
  private lastRefresh = 0;

  /** The catalog, refreshed from the database if the last look is older than refreshEveryMs. */
  async get(): Promise<Catalog> {
    if (!this.current) {
      this.building ??= buildCatalog(this.readPageSize)
        .then((catalog) => {
          collectBuildGarbage();
          return catalog;
        })
        .finally(() => (this.building = undefined));
      this.current = await this.building;
      this.lastRefresh = Date.now();
      return this.current;
    }
    if (Date.now() - this.lastRefresh >= this.refreshEveryMs) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.current;
  }

  /** Builds before the first request needs it (server start). */
  async warm(): Promise<void> {
    await this.get();
  }

  /** Forgets everything (tests, whose databases come and go). */
  reset(): void {
    this.current = undefined;
    this.lastRefresh = 0;
  }

  private async refresh(): Promise<void> {
    const catalog = this.current;
    if (!catalog) return;
    await applyChanges(catalog);
    this.lastRefresh = Date.now();
    const synonymsChanged = (await synonymsSignature()) !== catalog.synonymsSignature;
    const fragmented = Object.keys(SOURCES).some(
      (s) => catalog[s as Source].garbageRatio > GARBAGE_REBUILD_RATIO,
    );
    if ((synonymsChanged || fragmented) && !this.rebuilding) this.rebuildInBackground();
  }

  private rebuildInBackground(): void {
    this.rebuilding = true;
    buildCatalog(this.readPageSize)
      .then(async (fresh) => {
        // Writes made while it was building are picked up from its watermarks before the swap.
        await applyChanges(fresh);
        if (this.current) this.current = fresh;
        collectBuildGarbage();
      })
      .catch(() => {
        // The old catalog keeps serving; the next refresh tries again.
      })
      .finally(() => (this.rebuilding = false));
  }
}

export const matchingCatalog = new LiveCatalog();
