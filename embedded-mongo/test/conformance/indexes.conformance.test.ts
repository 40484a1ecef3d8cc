import { describeConformance, failure } from '../support/conformance';

describeConformance('indexes', ({ h }) => {
  it('should report E11000 with keyPattern and keyValue when a unique key repeats', async () => {
    await h().createIndex('users', { email: 1 }, { unique: true });
    await h().insertOne('users', { _id: 1, email: 'a@x' });
    const err = await failure(h().insertOne('users', { _id: 2, email: 'a@x' }));
    expect(err).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x' } });
    expect(String(err.message)).toMatch(
      /E11000 duplicate key error collection: .*users index: email_1 dup key: \{ email: "a@x" \}/,
    );
    const idErr = await failure(h().insertOne('users', { _id: 1, email: 'other' }));
    expect(idErr).toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 1 } });
  });

  it('should stop at the first duplicate when a bulk insert is ordered', async () => {
    const err = await failure(
      h().insertMany(
        'users',
        [
          { _id: 10, email: 'b@x' },
          { _id: 11, email: 'a@x' },
          { _id: 12, email: 'c@x' },
        ],
        true,
      ),
    );
    expect(err).toMatchObject({ code: 11000 });
    const errors = (err.writeErrors ?? []) as Array<{ index: number; code: number }>;
    expect(errors.map((e) => [e.index, e.code])).toEqual([[1, 11000]]);
    expect(await h().countDocuments('users', { _id: { $in: [10, 11, 12] } })).toBe(1);
  });

  it('should insert the rest when a bulk insert is unordered', async () => {
    const err = await failure(
      h().insertMany(
        'users',
        [
          { _id: 20, email: 'a@x' },
          { _id: 21, email: 'd@x' },
          { _id: 22, email: 'b@x' },
        ],
        false,
      ),
    );
    const errors = (err.writeErrors ?? []) as Array<{ index: number; code: number }>;
    expect(errors.map((e) => [e.index, e.code])).toEqual([
      [0, 11000],
      [2, 11000],
    ]);
    expect(await h().countDocuments('users', { _id: { $in: [20, 21, 22] } })).toBe(1);
  });

  it('should reject an update that would duplicate a unique key', async () => {
    const err = await failure(h().updateOne('users', { _id: 1 }, { $set: { email: 'd@x' } }));
    expect(err).toMatchObject({ code: 11000, keyValue: { email: 'd@x' } });
    expect(await h().findOne('users', { _id: 1 })).toEqual({ _id: 1, email: 'a@x' });
  });

  it('should fail findAndModify with a top-level duplicate key error', async () => {
    const err = await failure(
      h().findOneAndUpdate('users', { _id: 1 }, { $set: { email: 'd@x' } }, { after: true }),
    );
    expect(err).toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { email: 1 },
      keyValue: { email: 'd@x' },
    });
  });

  it('should enforce compound, sparse and partial unique indexes when documents differ in shape', async () => {
    await h().createIndex('shapes', { a: 1, b: 1 }, { unique: true });
    await h().createIndex('shapes', { s: 1 }, { unique: true, sparse: true });
    await h().createIndex('shapes', { p: 1 }, { unique: true, partialFilterExpression: { live: true } });
    await h().insertMany('shapes', [
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 1, b: 2, p: 'x', live: false },
      { _id: 3, a: 2, b: 1, p: 'x', live: true },
      { _id: 4, a: 2, b: 2, p: 'x' },
    ]);
    expect(await failure(h().insertOne('shapes', { _id: 5, a: 1, b: 1 }))).toMatchObject({
      code: 11000,
      keyPattern: { a: 1, b: 1 },
    });
    await h().insertOne('shapes', { _id: 6, a: 3, b: 3, s: 'one' });
    expect(await failure(h().insertOne('shapes', { _id: 7, a: 4, b: 4, s: 'one' }))).toMatchObject({
      code: 11000,
    });
    expect(await failure(h().insertOne('shapes', { _id: 8, a: 5, b: 5, p: 'x', live: true }))).toMatchObject({
      code: 11000,
      keyPattern: { p: 1 },
    });
  });

  it('should list, and drop indexes when asked', async () => {
    const names = (await h().coll('shapes').listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'a_1_b_1', 'p_1', 's_1']);
    await h().coll('shapes').dropIndex('s_1');
    const after = (await h().coll('shapes').listIndexes().toArray()).map((i) => i.name).sort();
    expect(after).toEqual(['_id_', 'a_1_b_1', 'p_1']);
    expect(await failure(h().coll('shapes').dropIndex('nope'))).toMatchObject({
      code: 27,
      codeName: 'IndexNotFound',
    });
    expect(await failure(h().coll('no_such_coll').listIndexes().toArray())).toMatchObject({
      code: 26,
      codeName: 'NamespaceNotFound',
    });
  });

  it('should refuse to build a unique index over existing duplicates', async () => {
    await h().insertMany('predup', [{ k: 1 }, { k: 1 }]);
    expect(await failure(h().createIndex('predup', { k: 1 }, { unique: true }))).toMatchObject({
      code: 11000,
    });
  });

  it('should find by an indexed field when the filter is an equality', async () => {
    await h().createIndex('lookup', { code: 1 });
    await h().insertMany(
      'lookup',
      Array.from({ length: 50 }, (_, i) => ({ _id: i, code: `c${i % 5}`, n: i })),
    );
    expect(await h().countDocuments('lookup', { code: 'c3' })).toBe(10);
    expect(
      (await h().find('lookup', { code: { $in: ['c1', 'c2'] }, n: { $lt: 10 } }))
        .map((d) => Number(d._id))
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 6, 7]);
  });
});
