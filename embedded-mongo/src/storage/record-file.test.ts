import { frameRecord, readRecords } from './record-file';

describe('record framing', () => {
  it('should stop at a record whose checksum does not match', () => {
    const a = frameRecord({ n: 1 });
    const b = frameRecord({ n: 2 });
    b[b.length - 2] ^= 0xff;
    const { records, validLength, torn } = readRecords(Buffer.concat([a, b, frameRecord({ n: 3 })]));
    expect(records).toEqual([{ n: 1 }]);
    expect(validLength).toBe(a.length);
    expect(torn).toBe(true);
  });
});
