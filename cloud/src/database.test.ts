import mongoose from 'mongoose';
import { connectDatabase } from './database';
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
