import { MongoClient } from 'mongodb';
import { start } from '../server';

describe('configureFailPoint', () => {
  it('should not exist when the server was started without enableTestCommands', async () => {
    const server = await start();
    const client = await MongoClient.connect(server.uri);
    try {
      await expect(
        client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'alwaysOn' }),
      ).rejects.toMatchObject({ code: 59 });
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('should refuse an appName filter rather than fail every client when given one', async () => {
    const server = await start({ enableTestCommands: true });
    const client = await MongoClient.connect(server.uri);
    try {
      await expect(
        client.db('admin').command({
          configureFailPoint: 'failCommand',
          mode: 'alwaysOn',
          data: { failCommands: ['find'], errorCode: 91, appName: 'x' },
        }),
      ).rejects.toMatchObject({ code: 2 });
      await expect(client.db('x').collection('c').findOne({})).resolves.toBeNull();
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
