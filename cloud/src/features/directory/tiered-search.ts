import { Types } from 'mongoose';
import { RANKED_CURSOR } from '@alliance-hub/types';
import { encodeCursor, invalidCursor, readCursor } from '../../lib/pagination';
import { queryGrams } from './search-tokens';

type Filter = Record<string, unknown>;
type Cursor = { tier: number; id: Types.ObjectId };

function decode(raw: string | undefined, tiers: number): Cursor | undefined {
  const values = readCursor(RANKED_CURSOR, raw);
  if (!values) return undefined;
  const [tier, id] = values;
  // The query schema checks the shape; how many tiers there are depends on this search.
  if (tier >= tiers) throw invalidCursor();
  return { tier, id: new Types.ObjectId(id) };
}

export { NAME_ORDER, PINYIN } from './collation';

/**
 * Ranked search with stable cursor pagination: name/alias matches (tier 0) come before matches
 * in the rest of the text (tier 1), each tier in pinyin name order. Without a query there is one tier.
 */
export function searchTiers(q: string | undefined, base: Filter): Filter[] {
  const grams = q ? queryGrams(q) : [];
  if (grams.length === 0) return [base];
  const inName = { nameGrams: { $all: grams } };
  return [
    { ...base, ...inName },
    { ...base, textGrams: { $all: grams }, $nor: [inName] },
  ];
}

/** Fetches up to `limit` documents matching `filter`, sorted by NAME_ORDER under PINYIN. */
export type TierFetch<D> = (filter: Filter, limit: number) => Promise<D[]>;
/** The current name of the record a cursor points at (null once it is gone). */
export type NameOf = (id: Types.ObjectId) => Promise<string | null>;

/**
 * The records after (name, _id) in NAME_ORDER. The cursor keeps its (tier, _id) shape: the name
 * is read back from the record, so a page starts right after it even if others were added since.
 */
function afterName(name: string, id: Types.ObjectId): Filter {
  return { $or: [{ name: { $gt: name } }, { name, _id: { $gt: id } }] };
}

export async function tieredPage<D extends { _id: Types.ObjectId }>(
  fetch: TierFetch<D>,
  tiers: Filter[],
  options: { cursor?: string; limit: number },
  nameOf: NameOf,
): Promise<{ docs: D[]; nextCursor: string | null }> {
  const start = decode(options.cursor, tiers.length);
  // A cursor whose record was deleted has lost its place: ask for a refresh (400) rather than guess.
  const startName = start ? await nameOf(start.id) : null;
  if (start && startName === null) throw invalidCursor();
  const docs: Array<D & { tier: number }> = [];
  for (let tier = start?.tier ?? 0; tier < tiers.length && docs.length <= options.limit; tier++) {
    const filter =
      start && startName !== null && start.tier === tier
        ? { $and: [tiers[tier], afterName(startName, start.id)] }
        : tiers[tier];
    const found = await fetch(filter, options.limit + 1 - docs.length);
    docs.push(...found.map((d) => ({ ...d, tier })));
  }
  const page = docs.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    docs: page,
    nextCursor:
      docs.length > options.limit && last
        ? encodeCursor(RANKED_CURSOR, [last.tier, last._id.toHexString()])
        : null,
  };
}
