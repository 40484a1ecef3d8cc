import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  frameRecord,
  readRecordFile,
  readRecordFileRaw,
  readRecordFileRawAhead,
  readRecords,
} from './record-file';

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

describe('reading a record file ahead', () => {
  it('should hand out the same payloads at the same offsets and end where the synchronous read ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-ahead-'));
    try {
      // Small records, and a few of 70-200 KB: more than the 64 KB kept before each chunk read
      // ahead, so they cross chunk edges the other way (joined in a buffer of their own).
      const recs = Array.from({ length: 120 }, (_, i) => ({
        n: i,
        pad: 'x'.repeat(i % 40 === 7 ? 70_000 + i * 1000 : (i * 37) % 300),
      }));
      const framed = recs.map((r) => frameRecord(r));
      const whole = Buffer.concat(framed);
      const bad = Buffer.from(whole);
      bad[framed[0].length + framed[1].length + 12] ^= 0xff; // the third record's payload
      const badLength = Buffer.from(whole);
      badLength.writeUInt32LE(
        3,
        framed.slice(0, 60).reduce((n, f) => n + f.length, 0),
      );
      const cases: Array<[string, Buffer]> = [
        ['intact', whole],
        ['empty', Buffer.alloc(0)],
        ['torn tail', Buffer.concat([whole, frameRecord({ n: 'cut' }).subarray(0, 20)])],
        ['corrupt third record', bad],
        ['bad length mid-file', badLength],
      ];
      for (const [label, content] of cases) {
        const path = join(dir, `${label}.log`);
        writeFileSync(path, content);
        for (const chunk of [100, 1000, 50_000, 300_000, 1 << 24]) {
          for (const stopAt of [Infinity, 45]) {
            const seen = (): [string[], (b: Buffer, s: number, e: number, at: number) => boolean] => {
              const out: string[] = [];
              return [
                out,
                (b, s, e, at) => {
                  out.push(`${at + s}:${b.subarray(s, e).toString('hex')}`);
                  return out.length < stopAt;
                },
              ];
            };
            const [syncSeen, syncCb] = seen();
            const [aheadSeen, aheadCb] = seen();
            const expected = readRecordFileRaw(path, syncCb, chunk);
            const got = await readRecordFileRawAhead(path, aheadCb, chunk);
            expect({ label, chunk, stopAt, ...got, n: aheadSeen.length }).toEqual({
              label,
              chunk,
              stopAt,
              ...expected,
              n: syncSeen.length,
            });
            expect(aheadSeen).toEqual(syncSeen);
          }
        }
        expect(readRecords(content).records.length).toBeGreaterThanOrEqual(label === 'intact' ? 120 : 0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
