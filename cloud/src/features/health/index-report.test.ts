import mongoose from 'mongoose';
import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ContactModel } from '../cards/contact.model';
import { declareIndexes, ensureIndexes, reportIndexes } from './index-report';

describe('database index report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await ensureIndexes(silentLogger());
  });
  afterAll(() => t.close());

  it('should report nothing missing or extra when cloud created every index', async () => {
    const report = await reportIndexes();
    expect(report.missing).toEqual([]);
    expect(report.extra).toEqual([]);
  });

  it('should report an index someone dropped and one someone added, and recreate only the missing one', async () => {
    await ContactModel.collection.dropIndex('ownerUserId_1_exchangedAt_-1');
    await ContactModel.collection.createIndex({ note: 1 }, { name: 'added_by_hand' });

    const report = await reportIndexes();
    expect(report.missing).toEqual([{ collection: 'contacts', key: 'ownerUserId:1,exchangedAt:-1' }]);
    expect(report.extra).toEqual([{ collection: 'contacts', name: 'added_by_hand', key: 'note:1' }]);

    const after = await ensureIndexes(silentLogger());
    expect(after.missing).toEqual([]);
    // Never dropped: an index an operator added may be what some report relies on.
    expect(after.extra).toEqual([{ collection: 'contacts', name: 'added_by_hand', key: 'note:1' }]);
    await ContactModel.collection.dropIndex('added_by_hand');
  });

  it('should send no index creation when every expected index exists, and touch only a collection that lacks one', async () => {
    await ensureIndexes(silentLogger());
    const createIndex = jest.spyOn(mongoose.mongo.Collection.prototype, 'createIndex');
    const createIndexes = jest.spyOn(mongoose.mongo.Collection.prototype, 'createIndexes');
    try {
      // What a restart does: read the catalog, create nothing (it sent ~300 commands before).
      expect((await ensureIndexes(silentLogger())).missing).toEqual([]);
      expect(createIndex).not.toHaveBeenCalled();
      expect(createIndexes).not.toHaveBeenCalled();

      await ContactModel.collection.dropIndex('ownerUserId_1_exchangedAt_-1');
      expect((await ensureIndexes(silentLogger())).missing).toEqual([]);
      const touched = [...createIndex.mock.contexts, ...createIndexes.mock.contexts].map(
        (c) => (c as mongoose.mongo.Collection).collectionName,
      );
      expect(touched.length).toBeGreaterThan(0);
      expect(new Set(touched)).toEqual(new Set(['contacts']));
    } finally {
      createIndex.mockRestore();
      createIndexes.mockRestore();
    }
  });

  it('should create and expect indexes a feature declares on a collection without a schema', async () => {
    declareIndexes('report_probe', [[{ orgId: 1, at: -1 }]]);
    expect((await reportIndexes()).missing).toContainEqual({
      collection: 'report_probe',
      key: 'orgId:1,at:-1',
    });
    const report = await ensureIndexes(silentLogger());
    expect(report.missing).toEqual([]);
    const keys = (await mongoose.connection.db!.collection('report_probe').listIndexes().toArray()).map(
      (i) => i.key,
    );
    expect(keys).toContainEqual({ orgId: 1, at: -1 });
  });

  it('should report a unique index that duplicates in the data stopped from building', async () => {
    await ContactModel.collection.dropIndex('ownerUserId_1_personId_1');
    const ownerUserId = new mongoose.Types.ObjectId();
    const personId = new mongoose.Types.ObjectId();
    await ContactModel.collection.insertMany([
      { ownerUserId, personId, exchangedAt: new Date() },
      { ownerUserId, personId, exchangedAt: new Date() },
    ]);
    const report = await ensureIndexes(silentLogger());
    expect(report.missing).toEqual([{ collection: 'contacts', key: 'ownerUserId:1,personId:1' }]);
    await ContactModel.collection.deleteMany({ ownerUserId });
    expect((await ensureIndexes(silentLogger())).missing).toEqual([]);
  });
});
