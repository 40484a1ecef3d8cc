import type { Db } from 'mongodb';
import { describeConformance, failure } from '../support/conformance';

/**
 * The `failCommand` fail point as the MongoDB server's test docs describe it (configureFailPoint,
 * available only with enableTestCommands): `errorCode`, `closeConnection`, and the modes
 * `alwaysOn`, `{ times }`, `{ skip }` and `off`. A real mongod must be started with
 * `--setParameter enableTestCommands=1` for these cases; without it they are skipped there.
 */
describeConformance('fail points', ({ h, target }) => {
  let enabled = true;
  const admin = (): Db => h().db().client.db('admin');
  const failPoint = (mode: unknown, data?: Record<string, unknown>) =>
    admin().command({ configureFailPoint: 'failCommand', mode, ...(data ? { data } : {}) });

  beforeAll(async () => {
    try {
      await failPoint('off');
    } catch (err) {
      // A real mongod started without enableTestCommands does not know the command.
      if ((err as { code?: number }).code === 59 && target !== 'embedded') enabled = false;
      else throw err;
    }
  });
  afterEach(async () => {
    if (enabled) await failPoint('off');
  });

  it('should fail the named command with errorCode the given number of times when mode is times', async () => {
    if (!enabled) return;
    await failPoint({ times: 2 }, { failCommands: ['insert'], errorCode: 11600 });
    const c = h().coll('fp_times');
    expect((await failure(c.insertOne({ _id: 1 }))).code).toBe(11600);
    expect((await failure(c.insertOne({ _id: 1 }))).code).toBe(11600);
    await c.insertOne({ _id: 1 });
    expect(await c.countDocuments({})).toBe(1);
  });

  it('should let the first matches through when mode is skip, then fail every later one', async () => {
    if (!enabled) return;
    const c = h().coll('fp_skip');
    await c.insertOne({ _id: 'seed' });
    await failPoint({ skip: 1 }, { failCommands: ['update'], errorCode: 2 });
    await c.updateOne({ _id: 'seed' }, { $set: { a: 1 } });
    expect((await failure(c.updateOne({ _id: 'seed' }, { $set: { a: 2 } }))).code).toBe(2);
    expect((await failure(c.updateOne({ _id: 'seed' }, { $set: { a: 3 } }))).code).toBe(2);
    expect(await c.findOne({ _id: 'seed' })).toEqual({ _id: 'seed', a: 1 });
  });

  it('should leave other commands alone and stop when mode is off', async () => {
    if (!enabled) return;
    const c = h().coll('fp_other');
    await failPoint('alwaysOn', { failCommands: ['delete'], errorCode: 96 });
    await c.insertOne({ _id: 1 });
    expect(await c.countDocuments({})).toBe(1);
    expect((await failure(c.deleteOne({ _id: 1 }))).code).toBe(96);
    const off = await failPoint('off');
    expect(off.ok).toBe(1);
    expect(await c.deleteOne({ _id: 1 })).toMatchObject({ deletedCount: 1 });
  });

  it('should close the connection without a reply when closeConnection is set', async () => {
    if (!enabled) return;
    const c = h().coll('fp_close');
    await failPoint({ times: 1 }, { failCommands: ['insert'], closeConnection: true });
    const err = await failure(c.insertOne({ _id: 1 }));
    expect(String(err.name)).toMatch(/MongoNetworkError|MongoServerSelectionError|MongoPoolClearedError/);
    // The write never ran, and the client reconnects for the next command.
    expect(await c.countDocuments({})).toBe(0);
    await c.insertOne({ _id: 1 });
    expect(await c.countDocuments({})).toBe(1);
  });

  it('should refuse configureFailPoint outside the admin database', async () => {
    if (!enabled) return;
    const err = await failure(h().db().command({ configureFailPoint: 'failCommand', mode: 'off' }));
    expect(err.code).toBe(13);
  });
});
