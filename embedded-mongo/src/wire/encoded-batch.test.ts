import { BSON, Long, ObjectId } from 'mongodb';
import { encodeBatch } from '../commands/cursor-registry';
import { EncodedBatch, SERIALIZE_OPTIONS, serializeReply } from './encoded-batch';

type Doc = Record<string, unknown>;

const docs = (n: number): Doc[] =>
  Array.from({ length: n }, (_, i) => ({
    _id: new ObjectId(),
    name: `名${i}`,
    n: i,
    big: Long.fromNumber(2 ** 40 + i),
    nested: { list: [i, 'x', null, { deep: true }], when: new Date(1_700_000_000_000 + i) },
    gone: undefined,
  }));

const plain = (reply: Doc): Buffer => Buffer.from(BSON.serialize(reply, SERIALIZE_OPTIONS));

/** A cursor batch serialised document by document answers the same bytes as serialised whole (#19). */
describe('encoded batches', () => {
  it('should serialise a cursor reply with an encoded batch to the bytes of the plain reply', async () => {
    for (const [key, n] of [
      ['firstBatch', 40],
      ['nextBatch', 40],
      ['firstBatch', 1000],
    ] as const) {
      const batch = docs(n);
      const encoded = await encodeBatch(batch);
      expect(encoded).toBeInstanceOf(EncodedBatch);
      const id = Long.fromNumber(12345);
      const reply = { cursor: { [key]: encoded, id, ns: 'app.people' }, ok: 1, $clusterTime: { t: 1 } };
      const same = { cursor: { [key]: batch, id, ns: 'app.people' }, ok: 1, $clusterTime: { t: 1 } };
      expect(Buffer.from(serializeReply(reply)).equals(plain(same))).toBe(true);
    }
  });

  it('should leave a short batch as it is, and serialise other shapes with the batch decoded', async () => {
    const short = docs(3);
    expect(await encodeBatch(short)).toBe(short);
    const batch = docs(40);
    const encoded = (await encodeBatch(batch)) as EncodedBatch;
    // The cursor not first in the reply, or the batch not first in the cursor: the slow way, same bytes.
    const late = { ok: 1, cursor: { firstBatch: encoded, id: Long.ZERO, ns: 'a.b' } };
    const latePlain = { ok: 1, cursor: { firstBatch: batch, id: Long.ZERO, ns: 'a.b' } };
    expect(Buffer.from(serializeReply(late)).equals(plain(latePlain))).toBe(true);
    const idFirst = { cursor: { id: Long.ZERO, firstBatch: encoded }, ok: 1 };
    const idFirstPlain = { cursor: { id: Long.ZERO, firstBatch: batch }, ok: 1 };
    expect(Buffer.from(serializeReply(idFirst)).equals(plain(idFirstPlain))).toBe(true);
    // A reply without an encoded batch is serialised as before.
    const other = { n: 3, ok: 1 };
    expect(Buffer.from(serializeReply(other)).equals(plain(other))).toBe(true);
  });
});
