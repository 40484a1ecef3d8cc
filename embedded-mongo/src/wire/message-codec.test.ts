import { BSON, Binary, Decimal128, Long, ObjectId } from 'mongodb';
import { ProtocolError, decodeMessage, decodeMessageInSlices } from './message-codec';
import { opMsg, opQuery } from '../../test/support/wire-frames';

type Doc = Record<string, unknown>;

/** A directory-like document with nested documents, arrays of them and values of several types. */
function doc(i: number): Doc {
  const d: Doc = {
    _id: new ObjectId(),
    name: `org ${i}`,
    grams: Array.from({ length: 30 }, (_, g) => `g${i + g}`),
    region: { province: 'p', city: { name: 'c', code: i } },
    people: [{ name: 'a', tags: [{ t: 1 }, [{ deep: i }]] }, 5, null, [1, [2, { x: 3 }]]],
    big: Long.fromNumber(2 ** 40 + i),
    price: Decimal128.fromString('1.5'),
    blob: new Binary(Buffer.from([1, 2, 3])),
    at: new Date(1_700_000_000_000 + i),
  };
  // A field named __proto__ is an own field of the decoded document, not its prototype.
  Object.defineProperty(d, '__proto__', {
    value: { own: i },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return d;
}

const serialized = (x: unknown): string => Buffer.from(BSON.serialize({ x })).toString('hex');

describe('decodeMessageInSlices', () => {
  const messages: Array<[string, Buffer]> = [
    ['a small command', opMsg({ ping: 1, $db: 'admin' })],
    [
      'an insert of 1,000 documents in its body',
      opMsg({
        insert: 'c',
        documents: Array.from({ length: 1000 }, (_, i) => doc(i)),
        ordered: false,
        lsid: { id: new Binary(Buffer.alloc(16), 4) },
        comment: { documents: [{ not: 'these' }] },
        $db: 'app',
      }),
    ],
    [
      'an insert of 1,000 documents in a kind-1 sequence',
      opMsg(
        { insert: 'c', $db: 'app' },
        { sequences: [['documents', Array.from({ length: 1000 }, (_, i) => doc(i))]] },
      ),
    ],
    [
      'updates with filters, arrays and nested arrays',
      opMsg({
        update: 'c',
        updates: Array.from({ length: 300 }, (_, i) => ({
          q: { $or: [{ a: i }, { b: { $in: [1, [2]] } }] },
          u: [{ $set: { x: { $literal: [{ y: i }] } } }],
          arrayFilters: [{ 'e.k': i }],
        })),
        $db: 'app',
      }),
    ],
    [
      'a legacy OP_QUERY wrapped in $query',
      opQuery('admin.$cmd', { $query: { isMaster: 1, client: { a: [{ b: 1 }] } } }),
    ],
  ];

  it.each(messages)('should decode %s exactly as decodeMessage does', async (_, msg) => {
    const whole = decodeMessage(msg);
    const sliced = await decodeMessageInSlices(msg, 0);
    expect(sliced).toEqual(whole);
    // Field order, types and __proto__ fields included: the same bytes once serialized again.
    expect(serialized(sliced.command)).toBe(serialized(whole.command));
    const first = (sliced.command.documents as Doc[] | undefined)?.[0];
    if (first) {
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toEqual({ own: 0 });
    }
  });

  it('should let other callbacks run while a large message is decoded', async () => {
    const [, msg] = messages[1];
    let turns = 0;
    let decoded = false;
    const count = (): void => {
      turns++;
      if (!decoded) setImmediate(count);
    };
    setImmediate(count);
    const request = await decodeMessageInSlices(msg, 0);
    decoded = true;
    expect((request.command.documents as Doc[]).length).toBe(1000);
    // Decoded at once it would resolve before the first of them ran.
    expect(turns).toBeGreaterThan(10);
  });

  it('should reject a malformed embedded document with a ProtocolError', async () => {
    const msg = opMsg({ insert: 'c', documents: [{ a: 1 }, { b: 'text' }], $db: 'app' });
    // The second document's string length is made to run past its end.
    const at = msg.indexOf(Buffer.from('text\0'));
    msg.writeInt32LE(9999, at - 4);
    expect(() => decodeMessage(msg)).toThrow(ProtocolError);
    await expect(decodeMessageInSlices(msg, 0)).rejects.toThrow(ProtocolError);
  });
});
