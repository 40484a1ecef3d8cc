import mongoose, { Schema } from 'mongoose';
import { start, type RunningServer } from '../src';

describe('mongoose smoke', () => {
  let server: RunningServer;
  let conn: mongoose.Connection;

  beforeAll(async () => {
    server = await start();
    conn = await mongoose.createConnection(`${server.uri}smoke`).asPromise();
  });

  afterAll(async () => {
    await conn.close();
    await server.stop();
  });

  it('should support the CRUD path an app uses when talking to the embedded server', async () => {
    const User = conn.model(
      'User',
      new Schema({ email: { type: String, unique: true }, name: String, age: Number, tags: [String] }),
    );
    await User.init();
    await User.create({ email: 'a@x.io', name: 'A', age: 30, tags: ['x'] });
    await User.create({ email: 'b@x.io', name: 'B', age: 40 });
    await expect(User.create({ email: 'a@x.io', name: 'dup' })).rejects.toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@x.io' },
    });
    const found = await User.findOne({ email: 'a@x.io' }).lean();
    expect(found?.name).toBe('A');
    await User.updateOne({ email: 'b@x.io' }, { $inc: { age: 1 }, $push: { tags: 'y' } });
    const b = await User.findOne({ email: 'b@x.io' }).lean();
    expect(b?.age).toBe(41);
    expect(b?.tags).toEqual(['y']);
    expect(await User.countDocuments({ age: { $gte: 30 } })).toBe(2);
    const agg = await User.aggregate([{ $group: { _id: null, total: { $sum: '$age' } } }]);
    expect(agg[0].total).toBe(71);
    const upd = await User.findOneAndUpdate(
      { email: 'a@x.io' },
      { $set: { name: 'AA' } },
      { returnDocument: 'after' },
    ).lean();
    expect(upd?.name).toBe('AA');
    await User.deleteOne({ email: 'a@x.io' });
    expect(await User.countDocuments()).toBe(1);
    const indexes = await User.listIndexes();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'email_1']);
  });
});
