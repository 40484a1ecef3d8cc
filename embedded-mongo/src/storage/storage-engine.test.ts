import { silentLogger } from '../logger';
import { StorageEngine } from './storage-engine';

describe('StorageEngine', () => {
  it('should answer equality on an indexed field without scanning when an index covers it', async () => {
    const engine = await StorageEngine.open({ logger: silentLogger });
    const coll = engine.ensureCollection('db', 'c');
    engine.createIndex(coll, { key: { code: 1 }, name: 'code_1' });
    for (let i = 0; i < 1000; i++) engine.insert(coll, { _id: i, code: `c${i % 100}` });
    expect([...coll.candidates({ code: 'c7' })]).toHaveLength(10);
    expect([...coll.candidates({ _id: { $in: [1, 2, 2] } })]).toHaveLength(2);
    expect([...coll.candidates({ $and: [{ code: { $eq: 'c1' } }, { x: 1 }] })]).toHaveLength(10);
    expect([...coll.candidates({ code: /c7/ })]).toHaveLength(1000);
    await engine.close();
  });

  it('should delete expired documents when a TTL index is swept', async () => {
    const engine = await StorageEngine.open({ logger: silentLogger });
    const coll = engine.ensureCollection('db', 'sessions');
    engine.createIndex(coll, { key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 });
    const now = Date.now();
    engine.insert(coll, { _id: 1, at: new Date(now - 120_000) });
    engine.insert(coll, { _id: 2, at: new Date(now) });
    engine.insert(coll, { _id: 3, at: 'not a date' });
    expect(engine.sweepExpired(now)).toBe(1);
    expect([...coll.docs.values()].map((d) => d._id)).toEqual([2, 3]);
    await engine.close();
  });
});
