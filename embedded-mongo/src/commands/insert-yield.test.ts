import { MongoClient } from 'mongodb';
import { start, type RunningServer } from '../server';

describe('insert batches', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('should let other requests run between the documents of a large insert when it takes long', async () => {
    const writer = await MongoClient.connect(server.uri);
    const reader = await MongoClient.connect(server.uri);
    try {
      const coll = writer.db('app').collection('bulk');
      await coll.createIndex({ grams: 1 });
      const docs = Array.from({ length: 20_000 }, (_, i) => ({
        n: i,
        grams: Array.from({ length: 20 }, (_, g) => `g${(i + g) % 997}`),
      }));
      let done = false;
      const inserting = coll.insertMany(docs).finally(() => (done = true));
      // Counts seen from another connection while the batch is stored: a count strictly between
      // 0 and the batch size proves the server answered in the middle of it.
      const seen: number[] = [];
      while (!done) seen.push(await reader.db('app').collection('bulk').estimatedDocumentCount());
      expect((await inserting).insertedCount).toBe(20_000);
      expect(seen.some((n) => n > 0 && n < 20_000)).toBe(true);
      expect(await coll.countDocuments({ grams: 'g5' })).toBe(
        docs.filter((d) => d.grams.includes('g5')).length,
      );
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
