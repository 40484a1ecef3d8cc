import { type Socket, connect } from 'node:net';
import { BSON, MongoClient } from 'mongodb';
import { start, type RunningServer } from '../src';
import { OP_MSG } from '../src/wire/message-codec';
import { header, opMsg, opQuery } from './support/wire-frames';

/** Collects replies from a raw socket. */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<(m: Buffer) => void> = [];
  readonly closed: Promise<void>;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= this.buf.readInt32LE(0)) {
        const len = this.buf.readInt32LE(0);
        const msg = this.buf.subarray(0, len);
        this.buf = this.buf.subarray(len);
        this.waiters.shift()?.(msg);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
  }
  next(): Promise<Buffer> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

async function rawClient(server: RunningServer): Promise<RawClient> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  return new RawClient(socket);
}

function msgBody(reply: Buffer): Record<string, unknown> {
  return BSON.deserialize(reply.subarray(21));
}

describe('wire protocol', () => {
  let server: RunningServer;
  const warnings: string[] = [];

  beforeAll(async () => {
    const record = (msg: string, extra?: object): void => {
      warnings.push(`${msg} ${JSON.stringify(extra ?? {})}`);
    };
    server = await start({ logger: { info: () => undefined, warn: record, error: record } });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('should answer a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const c = await rawClient(server);
    c.socket.write(opQuery('admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await c.next();
    expect(reply.readInt32LE(12)).toBe(1);
    const doc = BSON.deserialize(reply.subarray(36));
    expect(doc).toMatchObject({ ismaster: true, helloOk: true, ok: 1 });
    c.socket.destroy();
  });

  it('should not reply when moreToCome is set', async () => {
    const c = await rawClient(server);
    c.socket.write(opMsg({ endSessions: [], $db: 'admin' }, { flags: 2 }));
    const ping = opMsg({ ping: 1, $db: 'admin' });
    const pingId = ping.readInt32LE(4);
    c.socket.write(ping);
    const reply = await c.next();
    expect(reply.readInt32LE(8)).toBe(pingId);
    expect(msgBody(reply)).toMatchObject({ ok: 1 });
    c.socket.destroy();
  });

  it('should accept documents in kind-1 sequences when inserting', async () => {
    const c = await rawClient(server);
    c.socket.write(
      opMsg({ insert: 'seq', $db: 'proto' }, { sequences: [['documents', [{ _id: 1 }, { _id: 2 }]]] }),
    );
    expect(msgBody(await c.next())).toMatchObject({ n: 2, ok: 1 });
    c.socket.destroy();
  });

  it('should close only that connection when a message is oversized', async () => {
    const c = await rawClient(server);
    const h = header(60_000_000, OP_MSG);
    c.socket.write(h);
    await c.closed;
    expect(warnings.some((w) => /closing connection.*message length 60000000/.test(w))).toBe(true);
    const other = await MongoClient.connect(server.uri);
    expect(await other.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    await other.close();
  });

  it('should close the connection when a document exceeds 16 MB', async () => {
    const c = await rawClient(server);
    const big = { _id: 'big', blob: 'x'.repeat(17 * 1024 * 1024) };
    c.socket.write(opMsg({ insert: 'big', $db: 'proto' }, { sequences: [['documents', [big]]] }));
    await c.closed;
    expect(warnings.some((w) => /exceeds the 16 MB limit/.test(w))).toBe(true);
  });

  it('should close the connection when BSON is malformed', async () => {
    const c = await rawClient(server);
    const good = opMsg({ ping: 1, $db: 'admin' });
    good.writeInt32LE(9999, 21); // body length lies about its size
    c.socket.write(good);
    await c.closed;
    const c2 = await rawClient(server);
    c2.socket.write(opMsg({ ping: 1, $db: 'admin' }));
    expect(msgBody(await c2.next())).toMatchObject({ ok: 1 });
    c2.socket.destroy();
  });

  it('should answer unknown commands with CommandNotFound in mongod error shape', async () => {
    const c = await rawClient(server);
    c.socket.write(opMsg({ frobnicate: 1, $db: 'admin' }));
    expect(msgBody(await c.next())).toEqual({
      ok: 0,
      errmsg: "no such command: 'frobnicate'",
      code: 59,
      codeName: 'CommandNotFound',
    });
    c.socket.destroy();
  });

  it('should refuse a non-loopback bind unless allowed', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/refusing to bind/);
  });

  it('should serve many concurrent clients when they write at once', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => MongoClient.connect(server.uri)));
    await Promise.all(
      clients.map(async (c, i) => {
        for (let j = 0; j < 25; j++) await c.db('conc').collection('x').insertOne({ c: i, j });
      }),
    );
    await Promise.all(
      clients.map((c) =>
        c
          .db('conc')
          .collection('x')
          .updateMany({ c: 0 }, { $inc: { j: 1 } }),
      ),
    );
    expect(await clients[0].db('conc').collection('x').countDocuments()).toBe(200);
    expect(
      await clients[0]
        .db('conc')
        .collection('x')
        .countDocuments({ c: 0, j: { $gte: 8 } }),
    ).toBe(25);
    await Promise.all(clients.map((c) => c.close()));
  });
});
