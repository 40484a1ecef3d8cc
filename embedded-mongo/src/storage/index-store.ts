import { Long, ObjectId } from 'mongodb';
import { hashKey, pathValues } from '../query/bson-order';
import { compileFilter } from '../query/mingo-context';
import { MongoCommandError } from '../errors';

type Doc = Record<string, unknown>;

export interface IndexSpec {
  v?: number;
  key: Record<string, unknown>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

export interface IndexKey {
  key: string;
  values: unknown[];
}

/**
 * A hash index: index key → ids of the documents holding it. Unique indexes and equality lookups
 * need nothing more; range scans fall back to a collection scan.
 */
export class IndexStore {
  readonly spec: IndexSpec;
  readonly fields: string[];
  private readonly entries = new Map<string, Set<string>>();
  // Compound indexes only: hash of the first field's value → ids, for equality on a key prefix.
  private readonly prefix: Map<string, Set<string>> | null;
  private readonly partial: ((doc: Doc) => boolean) | null;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.prefix = this.fields.length > 1 ? new Map() : null;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
  }

  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** Every key this document contributes: one per combination of array elements (multikey). */
  keysFor(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial(doc)) return [];
    const perField = this.fields.map((f) => {
      const vals = pathValues(doc, f).flatMap((v) => (Array.isArray(v) ? (v.length ? v : [undefined]) : [v]));
      return dedupe(vals.length ? vals : [undefined]);
    });
    if (this.spec.sparse && perField.every((vals) => vals.every((v) => v === undefined))) return [];
    let combos: unknown[][] = [[]];
    for (const vals of perField) combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
    return combos.map((values) => ({ key: values.map(hashKey).join('\u0000'), values }));
  }

  lookup(key: string): Set<string> | undefined {
    return this.entries.get(key);
  }

  /**
   * Ids of the documents whose first indexed field holds `value` (hashable scalars only): the
   * posting list itself for a single-field index, the prefix list for a compound one.
   */
  postings(value: unknown): Set<string> | undefined {
    return (this.prefix ?? this.entries).get(hashKey(value));
  }

  add(idKey: string, keys: IndexKey[]): void {
    for (const { key } of keys) addTo(this.entries, key, idKey);
    if (this.prefix) for (const p of prefixKeys(keys)) addTo(this.prefix, p, idKey);
  }

  remove(idKey: string, keys: IndexKey[]): void {
    for (const { key } of keys) removeFrom(this.entries, key, idKey);
    if (this.prefix) for (const p of prefixKeys(keys)) removeFrom(this.prefix, p, idKey);
  }

  /** Moves a document from its old keys to its new ones, touching only the keys that changed. */
  update(idKey: string, before: IndexKey[], after: IndexKey[]): void {
    const oldKeys = new Set(before.map((k) => k.key));
    const newKeys = new Set(after.map((k) => k.key));
    for (const k of oldKeys) if (!newKeys.has(k)) removeFrom(this.entries, k, idKey);
    for (const k of newKeys) if (!oldKeys.has(k)) addTo(this.entries, k, idKey);
    if (this.prefix) {
      const oldP = prefixKeys(before);
      const newP = prefixKeys(after);
      for (const k of oldP) if (!newP.has(k)) removeFrom(this.prefix, k, idKey);
      for (const k of newP) if (!oldP.has(k)) addTo(this.prefix, k, idKey);
    }
  }

  clear(): void {
    this.entries.clear();
    this.prefix?.clear();
  }

  /** Throws mongod's duplicate key error if another document already holds one of these keys. */
  assertUnique(ns: string, idKey: string, keys: IndexKey[]): void {
    if (!this.unique) return;
    for (const { key, values } of keys) {
      const holders = this.entries.get(key);
      if (holders && (holders.size > 1 || !holders.has(idKey))) throw this.duplicateError(ns, values);
    }
  }

  duplicateError(ns: string, values: unknown[]): MongoCommandError {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => (keyValue[f] = values[i] === undefined ? null : values[i]));
    const shown = this.fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
    return new MongoCommandError(
      11000,
      `E11000 duplicate key error collection: ${ns} index: ${this.spec.name} dup key: { ${shown} }`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }
}

function addTo(map: Map<string, Set<string>>, key: string, idKey: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(idKey);
}

function removeFrom(map: Map<string, Set<string>>, key: string, idKey: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(idKey);
  if (set.size === 0) map.delete(key);
}

function prefixKeys(keys: IndexKey[]): Set<string> {
  return new Set(keys.map((k) => hashKey(k.values[0])));
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = hashKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Formats a key value the way mongod prints it in E11000 messages. */
function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Long) return v.toString();
  if (typeof v === 'object' && !Array.isArray(v) && v.constructor === Object) {
    return `{ ${Object.entries(v as Doc)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(', ')} }`;
  }
  return String(v);
}

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}
