import {
  decodeCursor,
  encodeCursor,
  PageQuery,
  TimePageQuery,
  ID_CURSOR,
  TIME_CURSOR,
  RANKED_CURSOR,
} from './index';

const id = '65a1b2c3d4e5f60718293a4b';

describe('cursor codec', () => {
  it('should round-trip every cursor shape', () => {
    expect(decodeCursor(ID_CURSOR, encodeCursor(ID_CURSOR, [id]))).toEqual([id]);
    expect(decodeCursor(TIME_CURSOR, encodeCursor(TIME_CURSOR, [-86_400_000, id]))).toEqual([
      -86_400_000,
      id,
    ]);
    expect(decodeCursor(RANKED_CURSOR, encodeCursor(RANKED_CURSOR, [1, id]))).toEqual([1, id]);
  });

  it('should refuse a cursor of another shape or out of range', () => {
    expect(decodeCursor(ID_CURSOR, 'abc')).toBeUndefined();
    expect(decodeCursor(ID_CURSOR, `${id}.1`)).toBeUndefined();
    expect(decodeCursor(TIME_CURSOR, `9${'9'.repeat(16)}.${id}`)).toBeUndefined();
    expect(decodeCursor(RANKED_CURSOR, `-1.${id}`)).toBeUndefined();
  });

  it('should fail query parsing with the INVALID_CURSOR code in the issue', () => {
    const parsed = PageQuery.safeParse({ cursor: 'abc' });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0] as { message: string; params?: { errorCode?: string } };
    expect(issue.params?.errorCode).toBe('INVALID_CURSOR');
    expect(issue.message).toMatch(/分页游标无效/);
    expect(TimePageQuery.safeParse({ cursor: `1733000000000.${id}` }).success).toBe(true);
  });
});
