import { Types } from 'mongoose';
import { encodeCursor, RANKED_CURSOR } from '@alliance-hub/types';
import { invalidCursor, readCursor } from '../../lib/pagination';
import { documentGrams, queryGrams } from '../directory/search-tokens';
import { documentWords, queryWords } from './segmenter';

type Filter = Record<string, unknown>;

/** How much of the summary/description gets bigrams; its words are indexed in full anyway. */
const GRAM_TEXT_CHARS = 500;

export type PublicationSearchSource = {
  title: string;
  keywords: string[];
  /** summary + detail, or description. */
  texts: Array<string | null | undefined>;
  ownerName: string;
  ownerAliases: string[];
  fieldLabels: string[];
};

/**
 * Search keys stored on every achievement and demand, recomputed on each write:
 * - `nameWords`: jieba words of the title, keywords and owner name/aliases (the strongest match);
 * - `textWords`: those plus the words of the body text and field labels;
 * - `textGrams`: CJK unigrams/bigrams of the short texts, so a partly typed or oddly segmented
 *   query still finds what the directory's search would (the long detail text, and the summary or
 *   description past its first 500 characters, stay out: they would multiply the index for little
 *   gain once their words are indexed).
 * All three are plain multikey arrays, so search behaves the same on any real MongoDB.
 */
export function publicationSearchFields(source: PublicationSearchSource) {
  const names = [source.title, ...source.keywords, source.ownerName, ...source.ownerAliases];
  const nameWords = new Set(names.flatMap(documentWords));
  // Keywords and names count whole as well: "哈工大" or "TC4" typed exactly is a name match.
  for (const name of [...source.keywords, source.ownerName, ...source.ownerAliases]) {
    nameWords.add(name.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
  }
  const textWords = new Set(nameWords);
  for (const text of [...source.texts, ...source.fieldLabels]) {
    for (const word of documentWords(text)) textWords.add(word);
  }
  return {
    nameWords: [...nameWords],
    textWords: [...textWords],
    textGrams: documentGrams(...names, source.texts[0]?.slice(0, GRAM_TEXT_CHARS), ...source.fieldLabels),
  };
}

/**
 * Relevance tiers for a query: every query word in the title/keywords/owner (0), every word
 * anywhere (1), then every bigram of the query in the short texts (2). Each tier excludes the
 * ones before it, so a document appears once.
 */
export function publicationSearchTiers(q: string | undefined, base: Filter): Filter[] {
  const words = q ? queryWords(q) : [];
  const grams = q ? queryGrams(q) : [];
  if (words.length === 0 && grams.length === 0) return [base];
  const tiers: Filter[] = [];
  if (words.length > 0) {
    const inName = { nameWords: { $all: words } };
    tiers.push({ ...base, ...inName }, { ...base, textWords: { $all: words }, $nor: [inName] });
  }
  if (grams.length > 0) {
    tiers.push({
      ...base,
      textGrams: { $all: grams },
      ...(words.length > 0 ? { $nor: [{ textWords: { $all: words } }] } : {}),
    });
  }
  return tiers;
}

/** Fetches up to `limit` documents matching `filter`, newest first (_id descending). */
export type TierFetch<D> = (filter: Filter, limit: number) => Promise<D[]>;

/**
 * Relevance, then recency: tier by tier, each newest first. Recency is the _id (creation time):
 * an _id sort needs no in-memory sort on either database, so a page costs the same at 100,000
 * items as at 100.
 */
export async function relevancePage<D extends { _id: Types.ObjectId }>(
  fetch: TierFetch<D>,
  tiers: Filter[],
  options: { cursor?: string; limit: number },
): Promise<{ docs: D[]; nextCursor: string | null }> {
  // The shared (tier, _id) cursor; a tier this query does not have is as invalid as a malformed one.
  const values = readCursor(RANKED_CURSOR, options.cursor);
  if (values && values[0] >= tiers.length) throw invalidCursor();
  const start = values ? { tier: values[0], id: new Types.ObjectId(values[1]) } : undefined;
  const docs: Array<{ doc: D; tier: number }> = [];
  for (let tier = start?.tier ?? 0; tier < tiers.length && docs.length <= options.limit; tier++) {
    const before = start && start.tier === tier ? { _id: { $lt: start.id } } : {};
    const found = await fetch({ ...tiers[tier], ...before }, options.limit + 1 - docs.length);
    docs.push(...found.map((doc) => ({ doc, tier })));
  }
  const page = docs.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    docs: page.map((p) => p.doc),
    nextCursor:
      docs.length > options.limit && last
        ? encodeCursor(RANKED_CURSOR, [last.tier, last.doc._id.toHexString()])
        : null,
  };
}
