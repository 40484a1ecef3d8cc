import { describeConformance, failure } from '../support/conformance';

describeConformance('update', ({ h }) => {
  it('should update one or many and report matched and modified counts', async () => {
    await h().insertMany('u1', [
      { _id: 1, n: 1, g: 'a' },
      { _id: 2, n: 2, g: 'a' },
      { _id: 3, n: 3, g: 'b' },
    ]);
    const one = await h().updateOne('u1', { g: 'a' }, { $inc: { n: 100 } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const many = await h().updateMany('u1', { g: 'a' }, { $set: { seen: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const noop = await h().updateMany('u1', { g: 'a' }, { $set: { seen: true } });
    expect(noop).toMatchObject({ matchedCount: 2, modifiedCount: 0 });
    expect(await h().find('u1', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 1, n: 101, g: 'a', seen: true },
      { _id: 2, n: 2, g: 'a', seen: true },
      { _id: 3, n: 3, g: 'b' },
    ]);
  });

  it('should build the upserted document from the query equality fields and $setOnInsert', async () => {
    const res = await h().updateOne(
      'u2',
      { name: 'x', 'profile.city': 'sh', age: { $gt: 5 }, $and: [{ tier: { $eq: 2 } }] },
      { $set: { active: true }, $setOnInsert: { created: 1 } },
      { upsert: true },
    );
    expect(res.upsertedId).toBeDefined();
    const doc = await h().findOne('u2', { name: 'x' });
    expect(doc).toMatchObject({ name: 'x', profile: { city: 'sh' }, tier: 2, active: true, created: 1 });
    expect(doc).not.toHaveProperty('age');
    await h().updateOne(
      'u2',
      { name: 'x' },
      { $set: { active: false }, $setOnInsert: { created: 2 } },
      { upsert: true },
    );
    expect(await h().findOne('u2', { name: 'x' })).toMatchObject({ active: false, created: 1 });
    await h().updateOne('u2', { _id: 'given' }, { $set: { v: 1 } }, { upsert: true });
    expect(await h().findOne('u2', { _id: 'given' })).toEqual({ _id: 'given', v: 1 });
  });

  it('should replace the whole document but keep _id when replacing', async () => {
    await h().insertOne('u3', { _id: 1, a: 1, b: 2 });
    await h().replaceOne('u3', { _id: 1 }, { c: 3 });
    expect(await h().findOne('u3', { _id: 1 })).toEqual({ _id: 1, c: 3 });
  });

  it('should update matched array elements when using positional $ and arrayFilters', async () => {
    await h().insertOne('u4', {
      _id: 1,
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
      grades: [80, 90, 95],
    });
    await h().updateOne('u4', { _id: 1, 'items.sku': 'b' }, { $inc: { 'items.$.qty': 5 } });
    await h().updateOne(
      'u4',
      { _id: 1 },
      { $set: { 'grades.$[g]': 100 } },
      { arrayFilters: [{ g: { $gte: 90 } }] },
    );
    await h().updateOne('u4', { _id: 1 }, { $inc: { 'items.$[].qty': 1 } });
    expect(await h().findOne('u4', { _id: 1 })).toEqual({
      _id: 1,
      items: [
        { sku: 'a', qty: 2 },
        { sku: 'b', qty: 8 },
      ],
      grades: [80, 100, 100],
    });
  });

  it('should apply array and field operators like mongod', async () => {
    await h().insertOne('u5', { _id: 1, a: [1, 2, 3], b: 5, c: 'x', d: [{ k: 1 }, { k: 2 }] });
    await h().updateOne(
      'u5',
      { _id: 1 },
      {
        $push: { a: { $each: [9, 0], $sort: 1, $slice: -4 } },
        $addToSet: { s: { $each: ['p', 'p', 'q'] } },
        $min: { b: 3 },
        $rename: { c: 'cc' },
        $pull: { d: { k: 1 } },
        $unset: { missing: '' },
      },
    );
    expect(await h().findOne('u5', { _id: 1 })).toEqual({
      _id: 1,
      a: [1, 2, 3, 9],
      b: 3,
      d: [{ k: 2 }],
      s: ['p', 'q'],
      cc: 'x',
    });
    await h().updateOne('u5', { _id: 1 }, { $pop: { a: -1 }, $mul: { b: 2 }, $max: { e: 4 } });
    expect(await h().findOne('u5', { _id: 1 })).toMatchObject({ a: [2, 3, 9], b: 6, e: 4 });
  });

  it('should run pipeline updates when the update is an array', async () => {
    await h().insertOne('u6', { _id: 1, first: 'a', last: 'b', tmp: 1 });
    await h().updateOne('u6', { _id: 1 }, [
      { $set: { full: { $concat: ['$first', ' ', '$last'] } } },
      { $unset: 'tmp' },
    ]);
    expect(await h().findOne('u6', { _id: 1 })).toEqual({ _id: 1, first: 'a', last: 'b', full: 'a b' });
  });

  it('should reject the whole write with TypeMismatch when $inc targets a string', async () => {
    await h().insertOne('u7', { _id: 1, s: 'text', n: 1 });
    const err = await failure(h().updateOne('u7', { _id: 1 }, { $inc: { s: 1, n: 1 } }));
    expect(err).toMatchObject({ code: 14 });
    expect(await h().findOne('u7', { _id: 1 })).toEqual({ _id: 1, s: 'text', n: 1 });
  });

  it('should fail with BadValue when $push targets a non-array', async () => {
    const err = await failure(h().updateOne('u7', { _id: 1 }, { $push: { s: 'x' } }));
    expect(err).toMatchObject({ code: 2 });
  });

  it('should fail with ImmutableField when an update changes _id', async () => {
    const err = await failure(h().updateOne('u7', { _id: 1 }, { $set: { _id: 2 } }));
    expect(err).toMatchObject({ code: 66 });
  });

  it('should fail with ConflictingUpdateOperators when two operators touch one path', async () => {
    const err = await failure(
      h()
        .coll('u7')
        .updateOne({ _id: 1 }, { $set: { n: 1 }, $inc: { n: 1 } }),
    );
    expect(err).toMatchObject({ code: 40 });
  });

  it('should fail with FailedToParse when the modifier is unknown', async () => {
    const err = await failure(
      h()
        .coll('u7')
        .updateOne({ _id: 1 }, { $bogus: { n: 1 } } as never),
    );
    expect(err).toMatchObject({ code: 9 });
  });

  it('should keep 64-bit integers as Long when incrementing', async () => {
    const { Long } = await import('mongodb');
    const big = Long.fromString('9007199254740993');
    await h().insertOne('u8', { _id: 1, big, small: 2147483647 });
    await h()
      .coll('u8')
      .updateOne({ _id: 1 }, { $inc: { big: 1, small: 1 } });
    const doc = await h().coll('u8').findOne({ _id: 1 }, { promoteLongs: false });
    expect(String(doc?.big)).toBe('9007199254740994');
    expect(doc?.big).toBeInstanceOf(Long);
    expect(doc?.small).toBeInstanceOf(Long);
    expect(String(doc?.small)).toBe('2147483648');
  });
});
