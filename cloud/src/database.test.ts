import { connectDatabase } from './database';
import { silentLogger } from './logger';

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
