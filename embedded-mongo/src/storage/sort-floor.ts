type Doc = Record<string, unknown>;

/**
 * A string every document the filter matches holds in `field` at or above (under `compare`), or
 * null when the filter sets no such bound: from `$gt`, `$gte` and `$eq` (or a plain value) of a
 * string on the field at the top level or inside `$and`, or from an `$or` each of whose branches
 * sets one (the smallest of them). A page after a cursor asks for
 * `$or: [{ name: { $gt: last } }, { name: last, _id: { $gt: id } }]`: every match sorts at or
 * after `last`, so a read in name order need not check the candidates before it (#19).
 *
 * Only string bounds, and only plain field names: a string comparison matches a string value, or
 * an array's string element, and never another type, so a document matching it holds a string at
 * or above the bound (on an index that is not multikey, the one value the document is sorted by).
 */
export function stringFloor(
  filter: Doc,
  field: string,
  compare: (a: string, b: string) => number,
): string | null {
  if (field.includes('.') || field.startsWith('$')) return null;
  let best: string | null = null;
  const raise = (v: string | null): void => {
    if (v !== null && (best === null || compare(v, best) > 0)) best = v;
  };
  const visit = (f: Doc): void => {
    for (const key of Object.keys(f)) {
      const v = f[key];
      if (key === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
      } else if (key === '$or' && Array.isArray(v) && v.length > 0) {
        raise(lowestOf(v, field, compare));
      } else if (key === field) raise(clauseFloor(v, compare));
    }
  };
  visit(filter);
  return best;
}

/** The smallest of the branches' bounds, or null when some branch sets none. */
function lowestOf(
  branches: unknown[],
  field: string,
  compare: (a: string, b: string) => number,
): string | null {
  let low: string | null = null;
  for (const branch of branches) {
    const b = isPlainObject(branch) ? stringFloor(branch, field, compare) : null;
    if (b === null) return null;
    if (low === null || compare(b, low) < 0) low = b;
  }
  return low;
}

/** The bound one condition on the field sets: `'x'`, `{ $eq: 'x' }`, `{ $gt: 'x' }`, `{ $gte: 'x' }`. */
function clauseFloor(cond: unknown, compare: (a: string, b: string) => number): string | null {
  if (typeof cond === 'string') return cond;
  if (!isPlainObject(cond)) return null;
  const keys = Object.keys(cond);
  // An embedded document to compare with, not operators.
  if (keys.length === 0 || keys.some((k) => !k.startsWith('$'))) return null;
  let best: string | null = null;
  for (const op of ['$eq', '$gt', '$gte']) {
    const v = cond[op];
    if (typeof v === 'string' && (best === null || compare(v, best) > 0)) best = v;
  }
  return best;
}

function isPlainObject(v: unknown): v is Doc {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
