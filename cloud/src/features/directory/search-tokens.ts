import { normalizeOrgName } from '@alliance-hub/types';

/**
 * Chinese search without a search engine: documents store the unigrams and bigrams of their CJK
 * text plus lower-cased latin/digit words; a query is split into words with Intl.Segmenter and
 * each word becomes the grams it must contain. Both sides live in ordinary multikey indexes, so
 * the same query works on the embedded server and on any real MongoDB.
 */
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const LATIN_WORD = /[a-z0-9][a-z0-9.+#-]*/g;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** Every unigram and bigram of the CJK runs and every latin word in the texts. */
export function documentGrams(...texts: Array<string | null | undefined>): string[] {
  const grams = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    const text = normalize(raw);
    for (const run of text.match(CJK_RUN) ?? []) {
      for (let i = 0; i < run.length; i++) {
        grams.add(run[i]);
        if (i + 1 < run.length) grams.add(run.slice(i, i + 2));
      }
    }
    for (const word of text.match(LATIN_WORD) ?? []) grams.add(word);
  }
  return [...grams];
}

/**
 * The grams a query requires. "铝合金 焊接" → 铝合, 合金, 焊接; "哈工大" → 哈工, 工大; "AI" → ai.
 * Segmenting first drops punctuation and spaces and keeps short words whole.
 */
export function queryGrams(query: string): string[] {
  const cached = parsedQueries.get(query);
  if (cached) return [...cached];
  const grams = parseQuery(query);
  // Searches repeat (a list reloaded, the next page, the same word typed by many members), and
  // segmenting is a visible share of a search request's CPU: keep recent answers, boundedly.
  if (parsedQueries.size >= PARSED_QUERIES_KEPT) parsedQueries.delete(parsedQueries.keys().next().value!);
  parsedQueries.set(query, grams);
  return [...grams];
}

const PARSED_QUERIES_KEPT = 1000;
const parsedQueries = new Map<string, readonly string[]>();

function parseQuery(query: string): string[] {
  const grams = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(normalize(query))) {
    if (!isWordLike) continue;
    for (const run of segment.match(CJK_RUN) ?? []) {
      if (run.length <= 2) grams.add(run);
      else for (let i = 0; i + 1 < run.length; i++) grams.add(run.slice(i, i + 2));
    }
    for (const word of segment.match(LATIN_WORD) ?? []) grams.add(word);
  }
  return [...grams].slice(0, 16);
}

export type OrgSearchSource = {
  name: string;
  aliases?: string[] | null;
  capabilities?: string | null;
  needs?: string | null;
  intro?: string | null;
  fieldLabels?: string[];
  keywords?: string[] | null;
};

/** Denormalised search keys for an organization; call on every write that changes these fields. */
export function orgSearchFields(org: OrgSearchSource) {
  const aliases = org.aliases ?? [];
  return {
    nameKey: normalizeOrgName(org.name),
    aliasKeys: aliases.map(normalizeOrgName),
    nameGrams: documentGrams(org.name, ...aliases),
    textGrams: documentGrams(
      org.name,
      ...aliases,
      org.capabilities,
      org.needs,
      org.intro,
      ...(org.fieldLabels ?? []),
      ...(org.keywords ?? []),
    ),
  };
}

export type PersonSearchSource = {
  name: string;
  title?: string | null;
  expertise?: string[] | null;
  orgName?: string | null;
};

export function personSearchFields(person: PersonSearchSource) {
  return {
    nameGrams: documentGrams(person.name),
    textGrams: documentGrams(person.name, person.title, person.orgName, ...(person.expertise ?? [])),
  };
}
