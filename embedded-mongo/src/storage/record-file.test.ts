import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameRecord, readRecordFile, readRecords } from './record-file';

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

describe('chunked record file reading', () => {
  it('should read the same records as a whole-file read when records straddle chunk edges or outgrow a chunk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-records-'));
    try {
      const recs = Array.from({ length: 50 }, (_, i) => ({ n: i, pad: 'x'.repeat((i * 37) % 300) }));
      const whole = Buffer.concat(recs.map((r) => frameRecord(r)));
      const bad = Buffer.from(whole);
      bad[frameRecord(recs[0]).length + 12] ^= 0xff; // the second record's payload
      const cases: Array<[string, Buffer]> = [
        ['intact', whole],
        ['torn tail', Buffer.concat([whole, Buffer.from([0xff, 0, 0, 0, 1, 2])])],
        ['corrupt second record', bad],
      ];
      for (const [label, content] of cases) {
        const path = join(dir, `${label}.log`);
        writeFileSync(path, content);
        const expected = readRecords(content);
        for (const chunk of [16, 100, 333, 1 << 20]) {
          const seen: unknown[] = [];
          const got = readRecordFile(path, (r) => seen.push(r), chunk);
          expect({ label, chunk, n: seen.length, valid: got.validLength, torn: got.torn }).toEqual({
            label,
            chunk,
            n: expected.records.length,
            valid: expected.validLength,
            torn: expected.torn,
          });
          expect(seen).toEqual(expected.records);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
