import { describeConformance, failure } from '../support/conformance';

/** Schema validation as the MongoDB manual describes it ($jsonSchema, levels, actions, bypass). */
const SCHEMA = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['name', 'year'],
    properties: {
      name: { bsonType: 'string', minLength: 2 },
      year: { bsonType: 'int', minimum: 2000, maximum: 2100 },
      tags: { bsonType: 'array', items: { bsonType: 'string' } },
      status: { enum: ['draft', 'done'] },
    },
  },
};

describeConformance('schema validation', ({ h }) => {
  it('should refuse an insert that breaks the $jsonSchema with 121 and errInfo, and accept a valid one', async () => {
    await h().db().createCollection('v_insert', { validator: SCHEMA });
    const c = h().coll('v_insert');
    await c.insertOne({ _id: 1, name: 'ok', year: 2024, tags: ['a'], status: 'draft' });
    const err = await failure(c.insertOne({ _id: 2, name: 'x', year: 1999 }));
    expect(err.code).toBe(121);
    const info = (err.errInfo ??
      (err.writeErrors as Array<{ errInfo: unknown }> | undefined)?.[0]?.errInfo) as {
      failingDocumentId: unknown;
      details: { operatorName: string };
    };
    expect(info.failingDocumentId).toBe(2);
    expect(info.details.operatorName).toBe('$jsonSchema');
    expect((await failure(c.insertOne({ _id: 3, year: 2020 }))).code).toBe(121);
    expect((await failure(c.insertOne({ _id: 4, name: 'ok', year: 2020, status: 'gone' }))).code).toBe(121);
    expect((await failure(c.insertOne({ _id: 5, name: 'ok', year: 2020, tags: [1] }))).code).toBe(121);
    expect(await c.countDocuments({})).toBe(1);
  });

  it('should refuse an update that would break the validator and leave the document as it was', async () => {
    await h().db().createCollection('v_update', { validator: SCHEMA });
    const c = h().coll('v_update');
    await c.insertOne({ _id: 1, name: 'ok', year: 2024 });
    expect((await failure(c.updateOne({ _id: 1 }, { $unset: { name: '' } }))).code).toBe(121);
    expect((await failure(c.findOneAndUpdate({ _id: 1 }, { $set: { year: 1 } }))).code).toBe(121);
    expect((await failure(c.updateOne({ _id: 9 }, { $set: { year: 2030 } }, { upsert: true }))).code).toBe(
      121,
    );
    expect(await c.find({}).toArray()).toEqual([{ _id: 1, name: 'ok', year: 2024 }]);
  });

  it('should write invalid documents when bypassDocumentValidation is set or the action is warn', async () => {
    await h().db().createCollection('v_bypass', { validator: SCHEMA });
    const c = h().coll('v_bypass');
    await c.insertOne({ _id: 1, name: 'x' }, { bypassDocumentValidation: true });
    await c.updateOne({ _id: 1 }, { $set: { year: 1 } }, { bypassDocumentValidation: true });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'x', year: 1 });
    await h().db().command({ collMod: 'v_bypass', validationAction: 'warn' });
    await c.insertOne({ _id: 2, name: 'y' });
    expect(await c.countDocuments({})).toBe(2);
  });

  it('should apply a validator added by collMod, and with moderate let existing invalid documents be updated', async () => {
    const c = h().coll('v_mod');
    await c.insertMany([
      { _id: 1, name: 'x' }, // invalid once the validator exists
      { _id: 2, name: 'ok', year: 2024 },
    ]);
    await h().db().command({ collMod: 'v_mod', validator: SCHEMA, validationLevel: 'moderate' });
    await c.updateOne({ _id: 1 }, { $set: { note: 'still invalid, allowed under moderate' } });
    expect((await failure(c.updateOne({ _id: 2 }, { $set: { year: 1 } }))).code).toBe(121);
    expect((await failure(c.insertOne({ _id: 3, name: 'z' }))).code).toBe(121);
    await h().db().command({ collMod: 'v_mod', validationLevel: 'strict' });
    expect((await failure(c.updateOne({ _id: 1 }, { $set: { note: 'now refused' } }))).code).toBe(121);
    const [info] = await h().db().listCollections({ name: 'v_mod' }).toArray();
    expect((info as unknown as { options: Record<string, unknown> }).options).toMatchObject({
      validator: SCHEMA,
      validationLevel: 'strict',
    });
  });

  it('should accept query operators besides $jsonSchema in a validator', async () => {
    await h()
      .db()
      .createCollection('v_query', { validator: { qty: { $gte: 0 }, sku: { $type: 'string' } } });
    const c = h().coll('v_query');
    await c.insertOne({ _id: 1, qty: 3, sku: 'a' });
    expect((await failure(c.insertOne({ _id: 2, qty: -1, sku: 'b' }))).code).toBe(121);
  });
});
