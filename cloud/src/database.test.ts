import mongoose from 'mongoose';
import { connectDatabase, EMBEDDED_POOL } from './database';
import { silentLogger, type Logger } from './logger';

describe('connectDatabase() with the embedded server on its own thread', () => {
  it('should serve queries over the wire and stop cleanly when closed', async () => {
    const database = await connectDatabase({ persist: false, logger: silentLogger() });
    try {
      expect(database.kind).toBe('embedded');
      await expect(database.state()).resolves.toBe('up');
      const things = database.connection.db!.collection('things');
      await things.insertOne({ name: '芳纶' });
      await expect(things.findOne({ name: '芳纶' })).resolves.toMatchObject({ name: '芳纶' });
    } finally {
      await database.close();
    }
    expect(database.connection.readyState).toBe(0);
  });
});

describe('connectDatabase() with warmPool', () => {
  it('should hold EMBEDDED_POOL connections before the first burst, so the burst opens none', async () => {
    const database = await connectDatabase({ persist: false, warmPool: true, logger: silentLogger() });
    try {
      const client = database.connection.getClient();
      let ready = 0;
      client.on('connectionReady', () => ready++);
      // The driver fills the pool one connection at a time in the background (every ~0.1 s), and
      // connect may have opened one or two before this listener: wait until most are here and
      // none has come for 0.5 s.
      const deadline = Date.now() + 10_000;
      let seen = -1;
      while ((ready < EMBEDDED_POOL - 2 || ready !== seen) && Date.now() < deadline) {
        seen = ready;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      let opened = 0;
      client.on('connectionCreated', () => opened++);
      const things = database.connection.db!.collection('things');
      // All checked out at once: without the warm pool the driver opens a connection for each.
      await Promise.all(Array.from({ length: EMBEDDED_POOL }, () => things.findOne({ name: '芳纶' })));
      expect(opened).toBe(0);
    } finally {
      await database.close();
    }
  });
});

describe('connectDatabase() on data that breaks a unique index', () => {
  it('should start and log the index it could not build instead of refusing to start', async () => {
    // Registers a model with a unique index over (ownerUserId, personId).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./features/cards/contact.model');
    const { start } = await import('embedded-mongo');
    const server = await start({ port: 0 });
    const uri = `${server.uri.replace(/\/?$/, '/')}alliance_hub`;
    const client = await mongoose.mongo.MongoClient.connect(uri);
    const ownerUserId = new mongoose.Types.ObjectId();
    const personId = new mongoose.Types.ObjectId();
    await client
      .db()
      .collection('contacts')
      .insertMany([
        { ownerUserId, personId, exchangedAt: new Date() },
        { ownerUserId, personId, exchangedAt: new Date() },
      ]);
    await client.close();

    const errors: string[] = [];
    const logger = silentLogger();
    jest.spyOn(logger, 'error').mockImplementation(((_extra: unknown, msg: string) => {
      errors.push(msg);
    }) as Logger['error']);
    const database = await connectDatabase({ mongodbUri: uri, logger });
    try {
      await expect(database.state()).resolves.toBe('up');
      expect(errors).toContain('building an index failed; cloud starts without it');
    } finally {
      await database.close();
      await server.stop();
    }
  });
});
