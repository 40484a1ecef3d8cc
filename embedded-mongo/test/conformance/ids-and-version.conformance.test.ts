import { describeConformance, failure } from '../support/conformance';

/**
 * `_id` rules from the MongoDB manual (Documents → Field Names, the `_id` field) and what a 7.0
 * server answers to 8.0-only options.
 */
describeConformance('_id rules and version', ({ h }) => {
  it('should accept null as an _id and find, count and refuse to duplicate it when given null', async () => {
    const c = h().coll('nullid');
    // Through the insert command: the Node driver replaces a null _id with an ObjectId client-side.
    await h()
      .db()
      .command({ insert: 'nullid', documents: [{ _id: null, a: 1 }] });
    expect(await c.countDocuments({ _id: null })).toBe(1);
    expect(await c.find({ _id: null }).toArray()).toEqual([{ _id: null, a: 1 }]);
    const dup = await h()
      .db()
      .command({ insert: 'nullid', documents: [{ _id: null, a: 2 }] });
    expect(dup.writeErrors[0].code).toBe(11000);
    await c.updateOne({ _id: null }, { $set: { a: 3 } });
    expect(await c.findOne({ _id: null })).toEqual({ _id: null, a: 3 });
    expect((await c.deleteOne({ _id: null })).deletedCount).toBe(1);
  });

  it('should reject an _id holding a $-prefixed field when inserting or replacing', async () => {
    const c = h().coll('dollarid');
    const err = await failure(c.insertOne({ _id: { $bad: 1 } }));
    expect(err.code).toBe(52);
    await c.insertOne({ _id: { ok: 1 } });
    expect(await c.countDocuments({})).toBe(1);
  });

  it('should allow a pipeline update that sets _id to its own value and refuse one that changes it', async () => {
    const c = h().coll('pipeid');
    await c.insertOne({ _id: 7, a: 1 });
    const res = await c.updateOne({ _id: 7 }, [{ $set: { _id: '$_id', a: 2 } }]);
    expect(res.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 7 })).toEqual({ _id: 7, a: 2 });
    const err = await failure(c.updateOne({ _id: 7 }, [{ $set: { _id: 8 } }]));
    expect(err.code).toBe(66);
  });

  it('should reject sort on update and replace as a 7.0 server does', async () => {
    const info = await h().db().admin().command({ buildInfo: 1 });
    if (!String(info.version).startsWith('7.')) return; // 8.0 supports it
    const c = h().coll('sortupd');
    await c.insertMany([
      { _id: 1, n: 2 },
      { _id: 2, n: 1 },
    ]);
    const upd = await failure(c.updateOne({}, { $set: { x: 1 } }, { sort: { n: 1 } } as never));
    expect(upd.code).toBe(40415);
    const rep = await failure(c.replaceOne({}, { n: 0 }, { sort: { n: 1 } } as never));
    expect(rep.code).toBe(40415);
    expect(await c.countDocuments({ x: 1 })).toBe(0);
    // findOneAndUpdate has always had sort.
    const doc = await c.findOneAndUpdate({}, { $set: { y: 1 } }, { sort: { n: 1 }, returnDocument: 'after' });
    expect(doc?._id).toBe(2);
  });

  it('should list the sessions this server has seen when aggregating $listLocalSessions', async () => {
    const session = h().db().client.startSession();
    try {
      await h().coll('sess').insertOne({ _id: 1 }, { session });
      const sessions = await h()
        .db()
        .client.db('admin')
        .aggregate([{ $listLocalSessions: { allUsers: true } }])
        .toArray();
      // mongod caches sessions in memory until its periodic refresh, so the one just used is listed.
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions[0]).toHaveProperty('_id.id');
      expect(sessions[0]).toHaveProperty('lastUse');
    } finally {
      await session.endSession();
    }
  });
});
