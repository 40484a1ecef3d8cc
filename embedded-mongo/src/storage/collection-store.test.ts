import { CollectionStore } from './collection-store';
import { parseCollation } from '../query/collation';

function store(): CollectionStore {
  const coll = new CollectionStore('db', 'c');
  coll.addIndex({ key: { n: 1 }, name: 'n_1' });
  coll.addIndex({ key: { tag: 1 }, name: 'tag_1' });
  coll.addIndex({ key: { name: 1 }, name: 'name_1', collation: { locale: 'en', strength: 2 } });
  for (let i = 0; i < 1000; i++) {
    coll.insert({ _id: i, n: i, tag: `t${i % 100}`, name: i % 2 ? 'Ann' : 'ann', other: i % 7 });
  }
  return coll;
}

describe('CollectionStore planner', () => {
  it('should take only the documents inside a range from the index when the field is indexed', () => {
    const coll = store();
    expect([...coll.candidates({ n: { $gte: 10, $lt: 20 } })]).toHaveLength(10);
    expect([...coll.candidates({ n: { $gt: 990 } })]).toHaveLength(9);
    expect([...coll.candidates({ n: { $lte: 4 } })]).toHaveLength(5);
    // An unindexed range scans.
    expect([...coll.candidates({ other: { $gt: 5 } })]).toHaveLength(1000);
  });

  it('should union the branches of an $or when every branch is indexed', () => {
    const coll = store();
    expect([...coll.candidates({ $or: [{ n: { $lt: 5 } }, { tag: 't50' }] })]).toHaveLength(15);
    expect([...coll.candidates({ $or: [{ n: { $lt: 5 } }, { other: 3 }] })]).toHaveLength(1000);
  });

  it('should check only the named documents when a name is looked up as a unique key or an alias', () => {
    // cloud's uniqueness check for organizations: { $or: [{ nameKey }, { aliasKeys: nameKey }] }.
    const coll = new CollectionStore('db', 'orgs');
    coll.addIndex({ key: { nameKey: 1 }, name: 'nameKey_1', unique: true });
    coll.addIndex({ key: { aliasKeys: 1 }, name: 'aliasKeys_1' });
    for (let i = 0; i < 1000; i++)
      coll.insert({ _id: i, nameKey: `org${i}`, aliasKeys: i === 7 ? ['hit'] : [] });
    coll.insert({ _id: 1000, nameKey: 'hit', aliasKeys: [] });
    let checked = 0;
    const filter = { $or: [{ nameKey: 'hit' }, { aliasKeys: 'hit' }] };
    const out = coll.select(filter, () => (checked++, true), { order: 'natural', stopAt: Infinity });
    expect(out.map((d) => d._id)).toEqual([7, 1000]);
    expect(checked).toBe(2);
  });

  it('should walk the index in order and stop at the limit when sorting by an indexed field', () => {
    const coll = store();
    const sort = coll.sortIndex({ n: -1 }, null);
    expect(sort?.index.spec.name).toBe('n_1');
    let checked = 0;
    const out = coll.selectSorted(undefined, () => (checked++, true), sort!, 3, null);
    expect(out?.map((d) => d._id)).toEqual([999, 998, 997]);
    expect(checked).toBe(3);
  });

  it('should use a collation index only for string clauses of the same collation', () => {
    const coll = store();
    const en2 = parseCollation({ locale: 'en', strength: 2 });
    expect(coll.sortIndex({ name: 1 }, null)).toBeNull();
    expect(coll.sortIndex({ name: 1 }, en2)?.index.spec.name).toBe('name_1');
    const hits = coll.select({ name: 'ANN' }, () => true, {
      order: 'natural',
      stopAt: Infinity,
      collation: en2,
    });
    expect(hits).toHaveLength(1000);
  });
});
