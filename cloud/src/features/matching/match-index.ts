import type { Maturity } from '@alliance-hub/types';
import type { Analyzer } from './matching-text';
import { requiredMaturity } from './maturity';

/**
 * An in-memory inverted index over one kind of item (achievements, demands, experts,
 * organizations) with BM25 statistics, updated one document at a time. Replacing a document
 * tombstones its old slot and appends a new one; document frequencies are kept exact on every
 * change, so IDF never drifts. Compaction is a rebuild, done off the request path.
 */

export type IndexedDoc = {
  id: string;
  /** Title, keywords and similar short name-like text: counted twice. */
  title: string;
  text: string;
  fields: readonly string[];
  maturity?: Maturity | null;
  province?: string | null;
  orgId?: string | null;
  /** The source row's updatedAt (ms): an unchanged row is not re-indexed. */
  stamp?: number;
  /** Extra facts a caller filters on (visibility, owner kind, published date…). */
  facts?: Readonly<Record<string, string | number | boolean | null>>;
};

/**
 * What the index keeps of a document and answers with: all but its title and text, which are read
 * once for their terms and the stage they ask for, and not kept (#19: at 300,000 experts they were
 * ~17 MB of the API heap). What is shown of a listing is read from the database.
 */
export type ListedDoc = Omit<IndexedDoc, 'title' | 'text'> & {
  /** The stage the listing's own words ask for (requiredMaturity of its title and text). */
  requires: Maturity | null;
};

/** What a slot keeps besides its id, owner and stamp: null when it has none of it (every expert). */
type SlotDetails = Pick<ListedDoc, 'fields' | 'maturity' | 'province' | 'facts' | 'requires'>;

const NO_FIELDS: readonly string[] = Object.freeze([]);

/**
 * One term's postings: the slots holding it and its frequency in each, in growable typed arrays
 * (4 + 4 bytes a posting instead of two JS number arrays' 16 and their slack).
 */
class Postings {
  docs = new Int32Array(4);
  tfs = new Float32Array(4);
  count = 0;

  push(slot: number, tf: number): void {
    if (this.count === this.docs.length) {
      // 1.5x: a list trimmed to size (trimToSize) should not double on its next posting.
      const docs = new Int32Array(Math.max(4, Math.ceil(this.count * 1.5)));
      docs.set(this.docs);
      this.docs = docs;
      const tfs = new Float32Array(docs.length);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.docs[this.count] = slot;
    this.tfs[this.count] = tf;
    this.count++;
  }

  /** Gives back the room growing left unused (up to a third of each array). */
  trimToSize(): void {
    if (this.docs.length === this.count) return;
    this.docs = this.docs.slice(0, this.count);
    this.tfs = this.tfs.slice(0, this.count);
  }
}

export type QueryTerm = {
  term: string;
  weight: number;
  expandedFrom?: string;
};

export type ScoredDoc = {
  doc: ListedDoc;
  /** Share (0–1) of the query's IDF mass this document answers. */
  coverage: number;
  matched: QueryTerm[];
};

const K1 = 1.2;
const B = 0.75;
/** Term frequency at which a term counts fully: a word in the title, or twice in the text. */
const FULL_TF = 2;
/** Listings of a source term read for co-occurrence. */
const EXPANSION_SAMPLE = 200;
/** Candidates kept for the final ordering, per result asked for. */
const CANDIDATES_PER_RESULT = 4;

export class MatchIndex {
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private readonly df: number[] = [];
  private readonly postings: Postings[] = [];
  /**
   * Slot by slot (a replaced document gets a new slot), in columns rather than one object a
   * document (#19: ~80 B a slot less, 300,000 experts): its id, its owner (one string per
   * organization while building), its stamp (NaN: none), the rest of what it answers with, and
   * its length (−1 once removed, so scoring and liveness never touch the other columns). Its
   * terms are in one shared pool, slot i's at slotStart[i] up to slotStart[i + 1] (their
   * frequencies are in the postings).
   */
  private ids: string[] = [];
  private owners: Array<string | null | undefined> = [];
  private details: Array<SlotDetails | null> = [];
  private stamps = new Float64Array(1024);
  private slotStart = new Int32Array(1025);
  private slotTermIds = new Int32Array(8192);
  private lengths = new Float32Array(1024);
  /** The owner ids seen while building, so 300,000 experts of 100,000 organizations hold 100,000 strings. */
  private ownerNames = new Map<string, string>();
  /**
   * Slots 0 to sortedSlots − 1 were added in increasing id order (a build reads by _id), so they
   * are found by binary search over ids; any other slot is in slotOf. A Map of every id was
   * ~14 MB at 300,000 experts (#19).
   */
  private sortedSlots = 0;
  private readonly slotOf = new Map<string, number>();
  private live = 0;
  private totalLength = 0;
  private tombstones = 0;

  constructor(readonly analyzer: Analyzer) {}

  get size(): number {
    return this.live;
  }

  /** Share of dead slots; the owner rebuilds in the background past a threshold. */
  get garbageRatio(): number {
    return this.ids.length === 0 ? 0 : this.tombstones / this.ids.length;
  }

  has(id: string): boolean {
    return this.slotOfId(id) !== undefined;
  }

  get(id: string): ListedDoc | undefined {
    const slot = this.slotOfId(id);
    return slot === undefined ? undefined : this.docAt(slot);
  }

  /** Term frequencies of a document: title and keywords weigh double. */
  bag(title: string, text: string): Map<string, number> {
    const bag = new Map<string, number>();
    for (const term of this.analyzer.terms(title)) bag.set(term, (bag.get(term) ?? 0) + 2);
    for (const term of this.analyzer.terms(text)) bag.set(term, (bag.get(term) ?? 0) + 1);
    return bag;
  }

  upsert(doc: IndexedDoc): void {
    this.remove(doc.id);
    const bag = this.bag(doc.title, doc.text);
    const slotIndex = this.ids.length;
    this.reserve(slotIndex, bag.size);
    let at = this.slotStart[slotIndex];
    let length = 0;
    for (const [term, tf] of bag) {
      const id = this.termId(term);
      this.slotTermIds[at] = id;
      at++;
      this.df[id] += 1;
      this.postings[id].push(slotIndex, tf);
      length += tf;
    }
    this.slotStart[slotIndex + 1] = at;
    this.lengths[slotIndex] = length;
    this.stamps[slotIndex] = doc.stamp ?? NaN;
    const inOrder = slotIndex === 0 || doc.id > this.ids[slotIndex - 1];
    if (slotIndex === this.sortedSlots && inOrder) this.sortedSlots++;
    else this.slotOf.set(doc.id, slotIndex);
    this.ids.push(doc.id);
    this.owners.push(doc.orgId ? this.ownerName(doc.orgId) : doc.orgId);
    this.details.push(slotDetails(doc, requiredMaturity(`${doc.title}\n${doc.text}`)));
    this.live++;
    this.totalLength += length;
  }

  remove(id: string): void {
    const slotIndex = this.slotOfId(id);
    if (slotIndex === undefined) return;
    const end = this.slotStart[slotIndex + 1];
    for (let at = this.slotStart[slotIndex]; at < end; at++) this.df[this.slotTermIds[at]] -= 1;
    this.totalLength -= this.lengths[slotIndex];
    this.lengths[slotIndex] = -1;
    this.slotOf.delete(id);
    this.live--;
    this.tombstones++;
  }

  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.df[id];
    const n = this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  docFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.df[id];
  }

  /**
   * Query terms with weights: IDF × (1 + ln qtf), title terms counted double like documents.
   * Terms the library has never seen still weigh (as if seen once): a demand about something
   * nobody offers must not look fully answered by its few common words.
   */
  queryTerms(title: string, text: string): QueryTerm[] {
    const bag = this.bag(title, text);
    // Unseen words count a little less than the rarest seen ones: many are the enterprise's own
    // wording (客户投诉, 床身) rather than the technical core of the problem.
    const unseenIdf = 0.6 * Math.log(1 + (this.size + 0.5) / 1.5);
    return [...bag].map(([term, tf]) => {
      const idf = this.docFrequency(term) === 0 ? unseenIdf : this.idf(term);
      return { term, weight: idf * (1 + Math.log(tf)) };
    });
  }

  /**
   * Terms that keep company with the query's specific terms in the library: a symptom (夹砂)
   * that appears in a few listings beside the techniques that cure it (型砂, 涂料) brings those
   * techniques in, at a fraction of the weight. Only specific source terms expand (common words
   * co-occur with everything), and only partners seen with the source at least twice or in
   * most of its listings.
   */
  expand(query: QueryTerm[], options: { maxTerms?: number; weight?: number } = {}): QueryTerm[] {
    const maxTerms = options.maxTerms ?? 8;
    const share = options.weight ?? 0.3;
    const n = this.size;
    if (n === 0) return [];
    const inQuery = new Set(query.map((q) => q.term));
    const maxSourceDf = Math.max(3, Math.floor(n * 0.01));
    const candidates = new Map<number, { score: number; from: string }>();
    // One counter array for all sources; only the entries touched are reset.
    const counts = new Int32Array(this.termNames.length);
    for (const q of query) {
      const id = this.termIds.get(q.term);
      if (id === undefined) continue;
      const df = this.df[id];
      // A term seen once would only copy its one listing's words; it says nothing about company.
      if (df < 2 || df > maxSourceDf) continue;
      const touched: number[] = [];
      let seen = 0;
      const { docs, count } = this.postings[id];
      for (let p = 0; p < count; p++) {
        const slotIndex = docs[p];
        if (this.lengths[slotIndex] < 0) continue;
        // A sample of the source's listings is enough to see its usual company.
        if (++seen > EXPANSION_SAMPLE) break;
        const end = this.slotStart[slotIndex + 1];
        for (let at = this.slotStart[slotIndex]; at < end; at++) {
          const other = this.slotTermIds[at];
          if (other === id) continue;
          if (counts[other] === 0) touched.push(other);
          counts[other]++;
        }
      }
      const sampled = Math.min(df, EXPANSION_SAMPLE);
      for (const other of touched) {
        const co = counts[other];
        counts[other] = 0;
        const name = this.termNames[other];
        if (co < 2 || inQuery.has(name) || name.length < 2) continue;
        // Association strength (co-occurrence over the partner's own frequency) times specificity.
        const score = (co / Math.sqrt(sampled * this.df[other])) * this.idf(name);
        const best = candidates.get(other);
        if (!best || best.score < score) candidates.set(other, { score, from: q.term });
      }
    }
    return [...candidates]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, maxTerms)
      .map(([id, c]) => ({
        term: this.termNames[id],
        weight: this.idf(this.termNames[id]) * share,
        expandedFrom: c.from,
      }));
  }

  /**
   * BM25 over the query terms, reported as coverage: each term's contribution is its weight
   * times a saturating term-frequency factor that reaches 1 at FULL_TF, divided by the total
   * weight of the direct query terms. Expansion terms add to the numerator only, and coverage is
   * capped at 1.
   *
   * Exact top-k with early termination (MaxScore in term-at-a-time form): terms are scored
   * heaviest first, and a term can add at most its weight. Once enough documents are ahead of
   * everything the unscored terms could still add, no unseen document can reach the candidates,
   * so the remaining (common) terms only add to documents already found. The candidates are the
   * same as scoring every posting would give; before, terms in over 5 % of the library were
   * limited that way by rule, which could drop a document that deserved a place.
   */
  search(
    query: QueryTerm[],
    expansion: QueryTerm[],
    options: { limit: number; accept?: (doc: ListedDoc) => boolean },
  ): ScoredDoc[] {
    const n = this.size;
    if (n === 0) return [];
    const avgLength = this.totalLength / n || 1;
    const totalWeight = query.reduce((sum, q) => sum + q.weight, 0) || 1;
    const all = [...query, ...expansion];
    const queryIds = new Map<number, number>();
    const order: Array<{ weight: number; id: number }> = [];
    for (let qIndex = 0; qIndex < all.length; qIndex++) {
      const id = this.termIds.get(all[qIndex].term);
      if (id === undefined || this.df[id] === 0 || queryIds.has(id)) continue;
      queryIds.set(id, qIndex);
      order.push({ weight: all[qIndex].weight, id });
    }
    order.sort((a, b) => b.weight - a.weight || this.df[a.id] - this.df[b.id]);
    let remaining = order.reduce((sum, e) => sum + e.weight, 0);
    const keep = Math.max(options.limit * CANDIDATES_PER_RESULT, 200);
    const scores = this.scratchScores();
    const touched: number[] = [];
    try {
      let next = 0;
      let best = 0;
      for (; next < order.length; next++) {
        // Only worth a counting pass when the leader is already out of reach of the rest.
        if (touched.length >= keep && best > remaining && this.countAbove(scores, touched, remaining) >= keep)
          break;
        const { weight, id } = order[next];
        const { docs, tfs, count } = this.postings[id];
        for (let i = 0; i < count; i++) {
          const doc = docs[i];
          const length = this.lengths[doc];
          if (length < 0) continue;
          const before = scores[doc];
          if (before === 0) touched.push(doc);
          const after = before + weight * saturated(tfs[i], length, avgLength);
          scores[doc] = after;
          if (after > best) best = after;
        }
        remaining -= weight;
      }
      // The remaining terms only add to documents already found: walking a posting list in order
      // is cheaper than looking terms up document by document.
      for (; next < order.length; next++) {
        const { weight, id } = order[next];
        const { docs, tfs, count } = this.postings[id];
        for (let i = 0; i < count; i++) {
          const doc = docs[i];
          if (scores[doc] === 0) continue;
          scores[doc] += weight * saturated(tfs[i], this.lengths[doc], avgLength);
        }
      }
      // Order only the best few hundred: a threshold by selection, then a small sort.
      let ranked = touched;
      if (touched.length > keep) {
        const threshold = this.kthLargest(scores, touched, keep);
        ranked = touched.filter((doc) => scores[doc] >= threshold);
      }
      ranked.sort((a, b) => scores[b] - scores[a]);
      const out: ScoredDoc[] = [];
      for (const slotIndex of ranked) {
        const doc = this.docAt(slotIndex);
        if (options.accept && !options.accept(doc)) continue;
        const matched: QueryTerm[] = [];
        const end = this.slotStart[slotIndex + 1];
        for (let at = this.slotStart[slotIndex]; at < end; at++) {
          const qIndex = queryIds.get(this.slotTermIds[at]);
          if (qIndex !== undefined) matched.push(all[qIndex]);
        }
        out.push({
          doc,
          coverage: Math.min(1, scores[slotIndex] / totalWeight),
          matched,
        });
        if (out.length >= options.limit) break;
      }
      return out;
    } finally {
      for (const doc of touched) scores[doc] = 0;
    }
  }

  /** One score accumulator per slot, reused across searches (zeroed after each): no 800 kB per query. */
  private scratch = new Float64Array(0);
  private selectBuffer = new Float64Array(0);

  private scratchScores(): Float64Array {
    if (this.scratch.length < this.ids.length) this.scratch = new Float64Array(this.lengths.length);
    return this.scratch;
  }

  private countAbove(scores: Float64Array, docs: readonly number[], bound: number): number {
    let count = 0;
    for (let i = 0; i < docs.length; i++) if (scores[docs[i]] > bound) count++;
    return count;
  }

  /** The k-th largest score among docs (the smallest when there are fewer), by quickselect. */
  private kthLargest(scores: Float64Array, docs: readonly number[], k: number): number {
    if (this.selectBuffer.length < docs.length) this.selectBuffer = new Float64Array(this.lengths.length);
    const values = this.selectBuffer;
    const size = docs.length;
    for (let i = 0; i < size; i++) values[i] = scores[docs[i]];
    // Descending order: the answer sits at index k − 1.
    const target = Math.min(k, size) - 1;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const pivot = values[(lo + hi) >>> 1];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (values[i] > pivot) i++;
        while (values[j] < pivot) j--;
        if (i <= j) {
          const swap = values[i];
          values[i] = values[j];
          values[j] = swap;
          i++;
          j--;
        }
      }
      if (target <= j) hi = j;
      else if (target >= i) lo = i;
      else break;
    }
    return values[target];
  }

  /**
   * Gives back the room the growable arrays hold beyond what is used (growing by half leaves up to
   * a third of each unused), and the owner names kept for sharing while building: a catalog is
   * built once at start and then changed a few documents at a time. At directory scale (300,000
   * experts) the postings and term lists are tens of MB (#19).
   */
  trimToSize(): void {
    for (const p of this.postings) p.trimToSize();
    const slots = this.ids.length;
    const terms = this.slotStart[slots];
    this.slotStart = this.slotStart.slice(0, Math.max(1025, slots + 1));
    this.slotTermIds = this.slotTermIds.slice(0, Math.max(8192, terms));
    this.lengths = this.lengths.slice(0, Math.max(1024, slots));
    this.stamps = this.stamps.slice(0, Math.max(1024, slots));
    this.ids = this.ids.slice();
    this.owners = this.owners.slice();
    this.details = this.details.slice();
    this.ownerNames = new Map();
  }

  /** The slot holding a live document of this id. */
  private slotOfId(id: string): number | undefined {
    const listed = this.slotOf.get(id);
    if (listed !== undefined) return listed;
    let lo = 0;
    let hi = this.sortedSlots - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid];
      if (at < id) lo = mid + 1;
      else if (at > id) hi = mid - 1;
      else return this.lengths[mid] < 0 ? undefined : mid;
    }
    return undefined;
  }

  /** A slot's document, made when asked for (a search makes a few hundred). */
  private docAt(slot: number): ListedDoc {
    const details = this.details[slot];
    const stamp = this.stamps[slot];
    return {
      id: this.ids[slot],
      orgId: this.owners[slot],
      fields: details?.fields ?? NO_FIELDS,
      maturity: details?.maturity,
      province: details?.province,
      facts: details?.facts,
      requires: details?.requires ?? null,
      stamp: Number.isNaN(stamp) ? undefined : stamp,
    };
  }

  private ownerName(orgId: string): string {
    const known = this.ownerNames.get(orgId);
    if (known !== undefined) return known;
    this.ownerNames.set(orgId, orgId);
    return orgId;
  }

  /** Room for slot `slot` (its length, stamp and the start of the next) and its `terms` terms in the pool. */
  private reserve(slot: number, terms: number): void {
    if (slot + 1 >= this.slotStart.length) {
      const starts = new Int32Array(Math.ceil(this.slotStart.length * 1.5));
      starts.set(this.slotStart);
      this.slotStart = starts;
    }
    if (slot >= this.lengths.length) {
      const size = Math.ceil(this.lengths.length * 1.5);
      const lengths = new Float32Array(size);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const stamps = new Float64Array(size);
      stamps.set(this.stamps);
      this.stamps = stamps;
    }
    const needed = this.slotStart[slot] + terms;
    if (needed > this.slotTermIds.length) {
      const size = Math.max(needed, Math.ceil(this.slotTermIds.length * 1.5));
      const ids = new Int32Array(size);
      ids.set(this.slotTermIds);
      this.slotTermIds = ids;
    }
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      this.df.push(0);
      this.postings.push(new Postings());
    }
    return id;
  }
}

function slotDetails(doc: IndexedDoc, requires: Maturity | null): SlotDetails | null {
  const { fields, maturity, province, facts } = doc;
  if (fields.length === 0 && maturity == null && province == null && !facts && requires === null) return null;
  return { fields, maturity, province, facts, requires };
}

/** BM25's saturating tf, relative to its value at FULL_TF, capped at 1 (so a term adds at most its weight). */
function saturated(tf: number, length: number, avgLength: number): number {
  const norm = K1 * (1 - B + (B * length) / avgLength);
  const relative = (tf * (FULL_TF + norm)) / ((tf + norm) * FULL_TF);
  return relative < 1 ? relative : 1;
}
