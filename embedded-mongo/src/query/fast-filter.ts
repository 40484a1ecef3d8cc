type Doc = Record<string, unknown>;
type Pred = (doc: Doc) => boolean;

/**
 * compileFilter's fast path for the clause a directory search is made of (#19):
 * `{ field: { $all: [strings] } }` on a plain top-level field, alone, inside `$and` or inside
 * `$nor`. mingo checks such a clause in 15–30 µs per document (its generic operator pipeline and
 * deep equality for each pair of values); this is a loop over the document's array with `===`.
 *
 * The answer is mingo's exactly, not a re-reading of MongoDB's semantics: a document matches when
 * its field holds a non-empty array containing every string (compared as strings, whatever the
 * collation: mingo's $all ignores it). Every other clause is handed to `slow` (mingo),
 * consecutive ones together, and the clauses are still tested in the filter's order with the same
 * short-circuits, so a clause that throws still throws for the same documents. Returns null when
 * the filter holds no such clause (the caller compiles it with mingo as a whole).
 */
export function compileFastFilter(filter: Doc, slow: (part: Doc) => Pred): Pred | null {
  const state = { fast: false };
  const pred = conjunction(filter, slow, state);
  return state.fast ? pred : null;
}

type Step = Pred | [string, unknown];

function conjunction(filter: Doc, slow: (part: Doc) => Pred, state: { fast: boolean }): Pred {
  const steps: Step[] = [];
  collect(filter, steps, slow, state);
  // Consecutive mingo clauses compile as one sub-filter (one Query, tested key by key in order).
  const preds: Pred[] = [];
  let group: Doc | null = null;
  const flush = (): void => {
    if (group) preds.push(slow(group));
    group = null;
  };
  for (const step of steps) {
    if (typeof step === 'function') {
      flush();
      preds.push(step);
    } else {
      group ??= {};
      group[step[0]] = step[1];
    }
  }
  flush();
  if (preds.length === 0) return () => true;
  if (preds.length === 1) return preds[0];
  return (doc) => {
    for (const p of preds) if (!p(doc)) return false;
    return true;
  };
}

function collect(filter: Doc, steps: Step[], slow: (part: Doc) => Pred, state: { fast: boolean }): void {
  for (const key of Object.keys(filter)) {
    const v = filter[key];
    // mingo's $and tests its sub-filters in order, each key by key: the same as their keys inline.
    if (key === '$and' && isFilterList(v)) {
      for (const sub of v) collect(sub, steps, slow, state);
      continue;
    }
    if (key === '$nor' && isFilterList(v)) {
      const subs = v.map((sub) => conjunction(sub, slow, state));
      steps.push((doc) => {
        for (const p of subs) if (p(doc)) return false;
        return true;
      });
      continue;
    }
    const strings = allStrings(key, v);
    if (strings) {
      state.fast = true;
      steps.push(allPredicate(key, strings));
      continue;
    }
    steps.push([key, v]);
  }
}

/** A non-empty array of plain objects (anything else is left to mingo, with its own errors). */
function isFilterList(v: unknown): v is Doc[] {
  return Array.isArray(v) && v.length > 0 && v.every(isPlainObject);
}

/** The strings of `{ $all: [...] }` on a plain field name, or null for any other clause. */
function allStrings(field: string, cond: unknown): string[] | null {
  if (!PLAIN_FIELD.test(field) || field in Object.prototype) return null;
  if (!isPlainObject(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length !== 1 || keys[0] !== '$all') return null;
  const list = cond.$all;
  if (!Array.isArray(list) || list.length === 0) return null;
  for (const s of list) if (typeof s !== 'string') return null;
  return [...(list as string[])];
}

/** No dots (no path walk), nothing mingo treats specially (operators, prototype names). */
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * mingo's `$all` of strings on a top-level field: the value must be a non-empty array (a lone
 * string does not match, an empty array neither), holding each string as an element.
 */
function allPredicate(field: string, strings: string[]): Pred {
  return (doc) => {
    const values = doc[field];
    if (!Array.isArray(values) || values.length === 0) return false;
    for (const s of strings) {
      let found = false;
      for (let i = 0; i < values.length; i++) {
        if (values[i] === s) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  };
}

function isPlainObject(v: unknown): v is Doc {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
