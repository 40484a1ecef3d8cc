/*
 * Where the embedded server's memory goes (#19): the scale benchmark's organizations and people
 * inserted straight into collection stores (no wire, no journal) with the cloud's indexes, the
 * heap measured after a full GC per step: the documents, then each index, then the ordered
 * structures a sorted read builds. Extrapolated linearly to the scale size (400,000 documents).
 * Also the CPU of intersecting gram postings, the read path that a posting representation costs.
 *
 *   BENCH_ONLY=memory npm run bench -w embedded-mongo
 *   (BENCH_MEMORY_ORGS / BENCH_MEMORY_PEOPLE, default 20,000 / 60,000)
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { BSON, ObjectId } from 'mongodb';
import { parseCollation } from '../src/query/collation';
import { CollectionStore } from '../src/storage/collection-store';
import type { IndexSpec } from '../src/storage/index-store';
import { org, person, type ScaleRow } from './scale';

const ORGS = Number(process.env.BENCH_MEMORY_ORGS ?? 20_000);
const PEOPLE = Number(process.env.BENCH_MEMORY_PEOPLE ?? 60_000);
const SCALE_DOCS = 400_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The JavaScript heap plus ArrayBuffer backing stores (typed arrays live outside the heap). */
function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function benchMemory(): ScaleRow[] {
  const rows: ScaleRow[] = [];
  const docs = ORGS + PEOPLE;
  const factor = SCALE_DOCS / docs;
  const size = `${ORGS.toLocaleString('en-US')} orgs + ${PEOPLE.toLocaleString('en-US')} people`;
  const step = (what: string, bytes: number): void => {
    rows.push({
      benchmark: `heap: ${what}`,
      mode: `in-process, ${size}`,
      result: `${mb(bytes)} (${Math.round(bytes / docs)} B/doc; x${factor.toFixed(1)} = ${mb(bytes * factor)})`,
      target: '-',
    });
  };
  const orgs = new CollectionStore('scale', 'organizations');
  const people = new CollectionStore('scale', 'people');
  const start = heapUsed();
  const orgIds: ObjectId[] = [];
  // A BSON round trip, as documents arrive off the wire (fresh strings, the server's own objects).
  for (let j = 0; j < ORGS; j++) {
    const d = BSON.deserialize(BSON.serialize(org(j)));
    orgIds.push(d._id as ObjectId);
    orgs.insert(d);
  }
  for (let j = 0; j < PEOPLE; j++) {
    people.insert(BSON.deserialize(BSON.serialize({ _id: new ObjectId(), ...person(j, orgIds) })));
  }
  let last = heapUsed();
  step('documents (with the collection maps)', last - start);
  const zh = { locale: 'zh' };
  const specs: Array<[CollectionStore, IndexSpec]> = [
    [orgs, { key: { nameKey: 1 }, name: 'nameKey_1', unique: true }],
    [orgs, { key: { aliasKeys: 1 }, name: 'aliasKeys_1' }],
    [orgs, { key: { nameGrams: 1 }, name: 'nameGrams_zh', collation: zh }],
    [orgs, { key: { textGrams: 1 }, name: 'textGrams_zh', collation: zh }],
    [orgs, { key: { kind: 1, _id: -1 }, name: 'kind_1__id_-1' }],
    [orgs, { key: { name: 1, _id: 1 }, name: 'name_1__id_1', collation: zh }],
    [people, { key: { orgId: 1 }, name: 'orgId_1' }],
    [people, { key: { name: 1, _id: 1 }, name: 'name_1__id_1', collation: zh }],
    [people, { key: { nameGrams: 1 }, name: 'nameGrams_zh', collation: zh }],
    [people, { key: { textGrams: 1 }, name: 'textGrams_zh', collation: zh }],
    [people, { key: { 'contacts.mobile': 1 }, name: 'contacts.mobile_1', sparse: true }],
  ];
  let indexes = 0;
  for (const [coll, spec] of specs) {
    coll.addIndex(spec);
    const now = heapUsed();
    step(`index ${coll.name}.${spec.name}`, now - last);
    indexes += now - last;
    last = now;
  }
  step('all indexes', indexes);
  // The ordered B+ trees are built on the first range or sorted read of an index.
  for (const [coll, spec] of specs) for (const _ of coll.indexes.get(spec.name)!.range(null, null)) break;
  const ordered = heapUsed();
  step('ordered trees (first sorted read of every index)', ordered - last);
  step('total', ordered - start);

  // A two-word search's candidates: the planner intersects the two grams' postings (select with
  // the index's collation, as the directory's queries run), then fetches the documents.
  const zhCollation = parseCollation(zh);
  const cpu0 = process.cpuUsage();
  let hits = 0;
  const queries = 200;
  for (let q = 0; q < queries; q++) {
    hits += orgs.select({ textGrams: { $all: ['合金', '研发'] } }, () => true, {
      order: 'any',
      stopAt: Infinity,
      collation: zhCollation,
    }).length;
  }
  const cpu = process.cpuUsage(cpu0);
  rows.push({
    benchmark: `CPU: candidates of textGrams 合金 + 研发 among organizations (${Math.round(hits / queries)} found)`,
    mode: `in-process, ${size}`,
    result: `${((cpu.user + cpu.system) / 1000 / queries).toFixed(2)} ms each`,
    target: '-',
  });
  return rows;
}
