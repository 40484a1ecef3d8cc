import { connect, type Socket } from 'node:net';
import { BSON, MongoClient } from 'mongodb';
import { start, type RunningServer } from '../server';
import { OP_MSG, SLICED_DECODE_BYTES } from './message-codec';

type Doc = Record<string, unknown>;
let requestId = 1;

function opMsg(body: Doc): Buffer {
  const rest = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), BSON.serialize(body)]);
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + rest.length, 0);
  h.writeInt32LE(requestId++, 4);
  h.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([h, rest]);
}

/** The reply bodies read off a raw socket, in order, and whether it was closed. */
function replies(socket: Socket): { bodies: Doc[]; closed: Promise<void> } {
  const bodies: Doc[] = [];
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
      const len = buf.readInt32LE(0);
      bodies.push(BSON.deserialize(buf.subarray(21, len)) as Doc);
      buf = buf.subarray(len);
    }
  });
  return { bodies, closed: new Promise((resolve) => socket.on('close', () => resolve())) };
}

const bigInsert = (coll: string, from: number): Doc => ({
  insert: coll,
  documents: Array.from({ length: 2000 }, (_, i) => ({ _id: from + i, text: 'x'.repeat(40) })),
  $db: 'wire',
});

describe('connection handler', () => {
  let server: RunningServer;
  let client: MongoClient;
  beforeAll(async () => {
    server = await start();
    client = await MongoClient.connect(server.uri);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  const connectRaw = async (): Promise<Socket> => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  };

  it('should answer a large message and the small ones behind it in order', async () => {
    const socket = await connectRaw();
    const out = replies(socket);
    const big = opMsg(bigInsert('ordered', 0));
    expect(big.length).toBeGreaterThanOrEqual(SLICED_DECODE_BYTES);
    // One write: the count is framed while the insert is still being decoded in slices.
    socket.write(
      Buffer.concat([big, opMsg({ count: 'ordered', $db: 'wire' }), opMsg(bigInsert('ordered', 2000))]),
    );
    while (out.bodies.length < 3) await new Promise((r) => setTimeout(r, 5));
    expect(out.bodies).toEqual([
      { n: 2000, ok: 1 },
      { n: 2000, ok: 1 },
      { n: 2000, ok: 1 },
    ]);
    socket.destroy();
  });

  it('should run nothing queued behind a large message that fails to decode', async () => {
    const socket = await connectRaw();
    const out = replies(socket);
    const bad = opMsg(bigInsert('broken', 0));
    // The last document's string claims to run past the end of its document.
    bad.writeInt32LE(9999, bad.lastIndexOf(Buffer.from('x'.repeat(40))) - 4);
    const after = opMsg({ insert: 'broken', documents: [{ _id: 'after' }], $db: 'wire' });
    socket.write(
      Buffer.concat([opMsg({ insert: 'broken', documents: [{ _id: 'before' }], $db: 'wire' }), bad, after]),
    );
    await out.closed;
    const ids = await client.db('wire').collection('broken').distinct('_id');
    expect(ids).toEqual(['before']);
  });
});
