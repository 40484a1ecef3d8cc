import mongoose, { Schema, Types } from 'mongoose';
import { start, type RunningServer } from '../src';
import { failure } from './support/conformance';

describe('mongoose app patterns', () => {
  let server: RunningServer;
  let conn: mongoose.Connection;

  beforeAll(async () => {
    server = await start();
    conn = await mongoose.createConnection(`${server.uri}app`).asPromise();
  });

  afterAll(async () => {
    await conn.close();
    await server.stop();
  });

  const Org = () =>
    conn.models.Org ??
    conn.model(
      'Org',
      new Schema(
        { name: { type: String, required: true, unique: true }, tier: { type: Number, default: 1 } },
        { timestamps: true },
      ),
    );
  const Intent = () =>
    conn.models.Intent ??
    conn.model(
      'Intent',
      new Schema(
        {
          org: { type: Schema.Types.ObjectId, ref: 'Org', index: true },
          title: String,
          stage: { type: String, enum: ['new', 'matched', 'closed'], default: 'new' },
          amount: Schema.Types.Decimal128,
          contacts: [{ name: String, phone: String }],
        },
        { timestamps: true },
      ),
    );

  it('should populate references when documents point at each other', async () => {
    await Promise.all([Org().init(), Intent().init()]);
    const org = await Org().create({ name: 'Acme' });
    await Intent().create([
      { org: org._id, title: 'a', amount: '12.50' },
      { org: org._id, title: 'b', amount: '7.25', contacts: [{ name: 'li', phone: '1' }] },
    ]);
    const intents = await Intent().find({ org: org._id }).sort({ title: 1 }).populate('org').lean();
    expect(intents.map((i) => i.title)).toEqual(['a', 'b']);
    expect((intents[0].org as unknown as { name: string }).name).toBe('Acme');
    expect(String(intents[0].amount)).toBe('12.50');
  });

  it('should set timestamps and respect defaults when upserting with findOneAndUpdate', async () => {
    const doc = await Org()
      .findOneAndUpdate({ name: 'Beta' }, { $set: { tier: 3 } }, { upsert: true, returnDocument: 'after' })
      .lean();
    expect(doc).toMatchObject({ name: 'Beta', tier: 3 });
    expect(doc?.createdAt).toBeInstanceOf(Date);
    expect(doc?.updatedAt).toBeInstanceOf(Date);
  });

  it('should raise a duplicate key error from mongoose when a unique field repeats', async () => {
    const err = await failure(Org().create({ name: 'Acme' }));
    expect(err).toMatchObject({
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { name: 1 },
      keyValue: { name: 'Acme' },
    });
  });

  it('should run bulkWrite with mixed operations and report counts', async () => {
    const res = await Org().bulkWrite([
      { insertOne: { document: { name: 'Gamma' } } },
      { updateOne: { filter: { name: 'Beta' }, update: { $inc: { tier: 1 } } } },
      { deleteOne: { filter: { name: 'Gamma' } } },
      { updateOne: { filter: { name: 'Delta' }, update: { $set: { tier: 9 } }, upsert: true } },
    ]);
    expect(res).toMatchObject({
      insertedCount: 1,
      matchedCount: 1,
      modifiedCount: 1,
      deletedCount: 1,
      upsertedCount: 1,
    });
  });

  it('should validate, exist-check and stream with a cursor', async () => {
    expect(await Org().exists({ name: 'Delta' })).not.toBeNull();
    expect(await Org().exists({ name: 'Nope' })).toBeNull();
    const names: string[] = [];
    for await (const org of Org().find().sort({ name: 1 }).cursor({ batchSize: 1 })) names.push(org.name);
    expect(names).toEqual(['Acme', 'Beta', 'Delta']);
  });

  it('should update nested arrays by positional operator from the model', async () => {
    const intent = await Intent().findOne({ title: 'b' });
    await Intent().updateOne(
      { _id: intent!._id, 'contacts.name': 'li' },
      { $set: { 'contacts.$.phone': '2' }, stage: 'matched' },
    );
    const after = await Intent().findById(intent!._id).lean();
    expect(after?.contacts?.[0]).toMatchObject({ name: 'li', phone: '2' });
    expect(after?.stage).toBe('matched');
  });

  it('should aggregate with lookup and group the way reports do', async () => {
    const rows = await Intent().aggregate([
      { $group: { _id: '$org', n: { $sum: 1 }, titles: { $push: '$title' } } },
      { $lookup: { from: 'orgs', localField: '_id', foreignField: '_id', as: 'org' } },
      { $unwind: '$org' },
      { $project: { _id: 0, name: '$org.name', n: 1, titles: 1 } },
    ]);
    expect(rows).toEqual([{ name: 'Acme', n: 2, titles: ['a', 'b'] }]);
  });

  it('should sync indexes when the schema changes', async () => {
    const Tag = conn.model('Tag', new Schema({ label: { type: String, unique: true }, color: String }));
    await Tag.init();
    await Tag.create({ label: 'x', color: 'red' });
    const dropped = await Tag.syncIndexes();
    expect(dropped).toEqual([]);
    const idx = await Tag.listIndexes();
    expect(idx.find((i) => i.name === 'label_1')?.unique).toBe(true);
    expect(Types.ObjectId.isValid(String((await Tag.findOne())?._id))).toBe(true);
  });
});
