import { MongoCommandError } from '../errors';

type Doc = Record<string, unknown>;

/**
 * A parsed, non-simple collation: how strings compare (Intl.Collator, i.e. ICU as in mongod) and
 * an equality key for hash structures (indexes, distinct, $in sets).
 */
export interface Collation {
  /** The full spec with mongod's defaults filled in, as listIndexes / listCollections show it. */
  readonly spec: Doc;
  /** Stable identity: two collations with the same id compare strings identically. */
  readonly id: string;
  compare(a: string, b: string): number;
  /**
   * A string equal for strings the collation treats as equal (case / accent / width folding by
   * strength). It is an approximation of ICU's sort key: strings ICU equates through contractions
   * or expansions (ß and ss at strength 1) get different keys.
   */
  key(s: string): string;
}

// mongod 7.0 reports ICU 57.1 as the collation version.
const ICU_VERSION = '57.1';
const CASE_FIRST = new Set(['upper', 'lower', 'off']);
const ALTERNATE = new Set(['non-ignorable', 'shifted']);
const MAX_VARIABLE = new Set(['punct', 'space']);
const KNOWN_FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

const cache = new Map<string, Collation | null>();

function badCollation(msg: string): MongoCommandError {
  return new MongoCommandError(2, msg);
}

/** The BCP 47 tag Intl understands for a mongod locale id (zh_Hant → zh-Hant, de@collation=phonebook → de-u-co-phonebk). */
function bcp47(locale: string): string {
  const [base, kw] = locale.split('@');
  const tag = base.replace(/_/g, '-');
  if (!kw) return tag;
  const m = /^collation=(\w+)$/.exec(kw);
  if (!m) return tag;
  const co = m[1] === 'phonebook' ? 'phonebk' : m[1] === 'dictionary' ? 'dict' : m[1];
  return `${tag}-u-co-${co}`;
}

function isLocaleSupported(locale: string): boolean {
  try {
    return Intl.Collator.supportedLocalesOf([bcp47(locale)]).length > 0;
  } catch {
    return false;
  }
}

/**
 * Parses a collation option as mongod does: undefined / null → none; `{locale: 'simple'}` → none
 * (binary comparison); anything else validated and returned with its defaults. Throws BadValue
 * (code 2) on an unknown locale or field, or a value out of range.
 */
export function parseCollation(raw: unknown): Collation | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MongoCommandError(
      14,
      `collation must be an object, not ${Array.isArray(raw) ? 'array' : typeof raw}`,
    );
  }
  const cacheKey = JSON.stringify(raw);
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const parsed = build(raw as Doc);
  if (cache.size > 1000) cache.clear();
  cache.set(cacheKey, parsed);
  return parsed;
}

/** True when a collation option means binary comparison (absent or `simple`). */
export function isSimpleCollation(raw: unknown): boolean {
  return parseCollation(raw) === null;
}

function build(raw: Doc): Collation | null {
  for (const k of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(k))
      throw new MongoCommandError(40415, `BSON field 'collation.${k}' is an unknown field.`);
  }
  if (raw.locale === undefined)
    throw new MongoCommandError(40414, "BSON field 'collation.locale' is missing but a required field");
  if (typeof raw.locale !== 'string')
    throw new MongoCommandError(
      14,
      "BSON field 'collation.locale' is the wrong type, expected type 'string'",
    );
  const locale = raw.locale;
  if (locale === 'simple') {
    const extra = Object.keys(raw).filter((k) => k !== 'locale');
    if (extra.length)
      throw badCollation(`Collation with locale 'simple' cannot have any other fields: ${extra.join(', ')}`);
    return null;
  }
  if (!locale || !isLocaleSupported(locale))
    throw badCollation(`Field 'locale' is invalid in: { locale: "${locale}" }`);
  const strength = raw.strength === undefined ? 3 : Number(raw.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) {
    throw badCollation(
      `Enumeration value '${String(raw.strength)}' for field 'strength' is not a valid value.`,
    );
  }
  const caseFirst = raw.caseFirst === undefined ? 'off' : String(raw.caseFirst);
  if (!CASE_FIRST.has(caseFirst))
    throw badCollation(`Enumeration value '${caseFirst}' for field 'caseFirst' is not a valid value.`);
  const alternate = raw.alternate === undefined ? 'non-ignorable' : String(raw.alternate);
  if (!ALTERNATE.has(alternate))
    throw badCollation(`Enumeration value '${alternate}' for field 'alternate' is not a valid value.`);
  const maxVariable = raw.maxVariable === undefined ? 'punct' : String(raw.maxVariable);
  if (!MAX_VARIABLE.has(maxVariable))
    throw badCollation(`Enumeration value '${maxVariable}' for field 'maxVariable' is not a valid value.`);
  for (const f of ['caseLevel', 'numericOrdering', 'normalization', 'backwards'] as const) {
    if (raw[f] !== undefined && typeof raw[f] !== 'boolean') {
      throw new MongoCommandError(14, `BSON field 'collation.${f}' is the wrong type, expected type 'bool'`);
    }
  }
  const caseLevel = raw.caseLevel === true;
  const numericOrdering = raw.numericOrdering === true;
  const spec: Doc = {
    locale,
    caseLevel,
    caseFirst,
    strength,
    numericOrdering,
    alternate,
    maxVariable,
    normalization: raw.normalization === true,
    backwards: raw.backwards === true,
    version: ICU_VERSION,
  };
  const sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength === 1
      ? caseLevel
        ? 'case'
        : 'base'
      : strength === 2
        ? caseLevel
          ? 'variant'
          : 'accent'
        : 'variant';
  const collator = new Intl.Collator(bcp47(locale), {
    usage: 'sort',
    sensitivity,
    numeric: numericOrdering,
    caseFirst: caseFirst === 'off' ? 'false' : (caseFirst as 'upper' | 'lower'),
    ignorePunctuation: alternate === 'shifted',
  });
  const foldCase = !caseLevel && strength <= 2;
  const foldAccents = strength === 1;
  const key = (s: string): string => {
    // Width and compatibility forms differ only at the tertiary level, so they fold below it.
    let k = strength <= 2 ? s.normalize('NFKD') : s.normalize('NFC');
    if (foldAccents) k = k.replace(/\p{M}/gu, '');
    if (foldCase) k = k.toLowerCase();
    if (alternate === 'shifted') k = k.replace(/[\p{P}\p{Z}\s]/gu, '');
    if (numericOrdering) k = k.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ''));
    return k;
  };
  return { spec, id: JSON.stringify(spec), compare: (a, b) => collator.compare(a, b), key };
}

/** True when two collation options compare strings the same way (both simple, or equal specs). */
export function sameCollation(a: Collation | null, b: Collation | null): boolean {
  return (a?.id ?? 'simple') === (b?.id ?? 'simple');
}
