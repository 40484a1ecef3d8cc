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

/**
 * A hash index: index key → ids of the documents holding it. Unique indexes and equality lookups
 * need nothing more; range scans fall back to a collection scan.
 */
export class IndexStore {
  readonly spec: IndexSpec;
  readonly fields: string[];
  private readonly entries = new Map<string, Set<string>>();
  private readonly partial: ((doc: Doc) => boolean) | null;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
  }

  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** Every key this document contributes: one per combination of array elements (multikey). */
  keysFor(doc: Doc): { key: string; values: unknown[] }[] {
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

  add(idKey: string, keys: { key: string }[]): void {
    for (const { key } of keys) {
      let set = this.entries.get(key);
      if (!set) this.entries.set(key, (set = new Set()));
      set.add(idKey);
    }
  }

  remove(idKey: string, keys: { key: string }[]): void {
    for (const { key } of keys) {
      const set = this.entries.get(key);
      if (!set) continue;
      set.delete(idKey);
      if (set.size === 0) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  /** Throws mongod's duplicate key error if another document already holds one of these keys. */
  assertUnique(ns: string, idKey: string, keys: { key: string; values: unknown[] }[]): void {
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
