import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { shanghaiMonth } from './stat-time';

/** One contribution of a record to one counter: key, amount, and the date it counts at. */
export type Cell = { k: string; v: number; a: Date };

/**
 * Cells: `all` and `sub` (and `org`, for a member's own figures) per month; the breakdowns'
 * `orgy`, `coord` and `field` per year only (month 0), so a breakdown reads one counter per
 * organization and KPI instead of twelve.
 */
export const DIMS = ['all', 'sub', 'org', 'orgy', 'coord', 'field', 'days'] as const;
export type Dim = (typeof DIMS)[number];

/** Something a record adds to a KPI at a date, with the cells it also counts in. */
export type Fact = {
  kpi: string;
  at: Date;
  /** 1 for a count; the amount for sums (万元). */
  v?: number;
  sub?: string | null;
  orgIds?: ReadonlyArray<Types.ObjectId | null | undefined>;
  coord?: Types.ObjectId | null;
  fields?: readonly string[];
  /** The dwell-time histogram: only this cell, no totals. */
  days?: number;
};

/** Counter and ledger values are hundredths: integers, so $inc never rounds. */
export const SCALE = 100;

export const cellKey = (kpi: string, year: number, month: number, dim: Dim, dv = '') =>
  `${kpi}|${year}|${month}|${dim}|${dv}`;

export function parseCellKey(key: string): {
  kpi: string;
  year: number;
  month: number;
  dim: Dim;
  dv: string;
} {
  const [kpi, year, month, dim, ...rest] = key.split('|');
  return { kpi, year: Number(year), month: Number(month), dim: dim as Dim, dv: rest.join('|') };
}

const unique = <T>(values: Iterable<T>) => [...new Set(values)];

/** Expands facts into cells; the same key twice (two facts in one month) adds up. */
export function cellsOf(facts: readonly Fact[]): Cell[] {
  const byKey = new Map<string, Cell>();
  const add = (k: string, v: number, a: Date) => {
    const cell = byKey.get(k);
    if (cell) cell.v += v;
    else byKey.set(k, { k, v, a });
  };
  for (const fact of facts) {
    if (Number.isNaN(fact.at.getTime())) continue;
    const { year, month } = shanghaiMonth(fact.at);
    const v = fact.v ?? 1;
    const key = (dim: Dim, dv = '') => cellKey(fact.kpi, year, month, dim, dv);
    const yearKey = (dim: Dim, dv: string) => cellKey(fact.kpi, year, 0, dim, dv);
    if (fact.days !== undefined) {
      add(key('days', String(fact.days)), v, fact.at);
      continue;
    }
    add(key('all'), v, fact.at);
    if (fact.sub) add(key('sub', fact.sub), v, fact.at);
    const orgIds = unique((fact.orgIds ?? []).filter((id) => !!id).map((id) => id!.toHexString()));
    for (const orgId of orgIds) {
      add(key('org', orgId), v, fact.at);
      add(yearKey('orgy', orgId), v, fact.at);
    }
    if (fact.coord) add(yearKey('coord', fact.coord.toHexString()), v, fact.at);
    for (const field of unique(fact.fields ?? [])) add(yearKey('field', field), v, fact.at);
  }
  // Stored in hundredths as integers: sums of many 万元 amounts stay exact under $inc, where
  // binary floating point would drift (0.1 + 0.2). Readers divide by SCALE.
  return [...byKey.values()]
    .map((cell) => ({ ...cell, v: Math.round(cell.v * SCALE) }))
    .filter((cell) => cell.v !== 0)
    .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
}

/**
 * A stable fingerprint of a record's cells: unchanged cells mean nothing to apply. A digest rather
 * than the cells spelt out (an interaction's seven keys were ~400 characters on every one of a
 * province's million ledger entries, held in the database's memory beside the cells themselves).
 * A ledger entry written with the older, spelt-out form simply differs once: the record is then
 * applied as the difference of its cells, which are what the counters follow, not the hash.
 */
export const cellsHash = (cells: readonly Cell[]) =>
  createHash('sha1')
    .update(cells.map((c) => `${c.k}=${c.v}`).join(';'))
    .digest('base64url');
