import mongoose, { Schema } from 'mongoose';
import { startTestApp, type TestApp } from '../test/test-app';
import { aggregateAll } from './aggregate-command';

type Named = { _id: number; name: string };

describe('aggregateAll (an aggregation as a plain aggregate command)', () => {
  let t: TestApp;
  const schema = new Schema({ _id: Number, name: String });
  const Things = () => t.database.connection.model('AggregateThing', schema, 'aggregate_things');
  const NAMES = ['b', 'A', 'c', 'a', 'B'];

  beforeAll(async () => {
    t = await startTestApp();
    await Things().insertMany(
      Array.from({ length: 250 }, (_, i) => ({ _id: i, name: `${NAMES[i % 5]}${i % 7}` })),
    );
  });
  afterAll(() => t.close());

  const sorted = [{ $sort: { name: 1, _id: 1 } }] as const;

  it('should read the whole answer, past the first batch of 101 documents', async () => {
    const docs = await aggregateAll<Named>(Things(), [...sorted]);
    expect(docs).toHaveLength(250);
    expect(docs).toEqual(await Things().aggregate([...sorted]));
  });

  it('should apply the collation it is given, and none otherwise', async () => {
    const collation = { locale: 'en', strength: 1 };
    const pipeline = [{ $match: { name: 'a1' } }, { $sort: { _id: 1 as const } }];
    const folded = await aggregateAll<Named>(Things(), pipeline, { collation });
    expect(folded.map((d) => d.name)).toEqual(expect.arrayContaining(['a1', 'A1']));
    expect(folded).toEqual(await Things().aggregate(pipeline).collation(collation));
    const exact = await aggregateAll<Named>(Things(), pipeline);
    expect(new Set(exact.map((d) => d.name))).toEqual(new Set(['a1']));
  });

  it('should give an empty answer when nothing matches', async () => {
    expect(await aggregateAll<Named>(Things(), [{ $match: { name: 'none' } }])).toEqual([]);
  });

  it('should wait for a connection that is not open yet, with the collation', async () => {
    const { host, port, name } = t.database.connection;
    const later = mongoose.createConnection();
    try {
      const model = later.model('AggregateThing', schema, 'aggregate_things');
      const collation = { locale: 'en', strength: 1 };
      const pending = aggregateAll<Named>(model, [{ $match: { name: 'b2' } }, { $sort: { _id: 1 } }], {
        collation,
      });
      await later.openUri(`mongodb://${host}:${port}/${name}`);
      const docs = await pending;
      expect(docs.length).toBeGreaterThan(0);
      expect(docs).toEqual(
        await Things()
          .aggregate([{ $match: { name: 'b2' } }, { $sort: { _id: 1 } }])
          .collation(collation),
      );
      expect(new Set(docs.map((d) => d.name))).toEqual(new Set(['b2', 'B2']));
    } finally {
      await later.close();
    }
  });
});
