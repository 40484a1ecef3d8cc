import { InteractionCreateBody, TimelineQuery, TaskUpdateBody, taskBucket } from './index';

describe('taskBucket', () => {
  // 2026-12-02 is a Wednesday; 10:00 in Shanghai is 02:00 UTC.
  const now = new Date('2026-12-02T02:00:00Z');

  it('should put a task due an hour ago in overdue', () => {
    expect(taskBucket(new Date('2026-12-02T01:00:00Z'), now)).toBe('overdue');
  });

  it('should count 23:30 Shanghai time as today even though it is the next day nowhere else', () => {
    expect(taskBucket(new Date('2026-12-02T15:30:00Z'), now)).toBe('today');
  });

  it('should put Sunday night in this week and Monday morning in later', () => {
    expect(taskBucket(new Date('2026-12-06T15:00:00Z'), now)).toBe('this_week');
    expect(taskBucket(new Date('2026-12-06T16:00:00Z'), now)).toBe('later');
  });
});

describe('InteractionCreateBody', () => {
  const base = { clientId: 'c-12345678', type: 'visit', participants: { unlisted: [{ name: '王工' }] } };

  it('should default visibility to staff when none is given', () => {
    const parsed = InteractionCreateBody.parse(base);
    expect(parsed.visibility).toBe('staff');
  });

  it('should refuse a note over the limit instead of cutting it', () => {
    const result = InteractionCreateBody.safeParse({ ...base, note: '字'.repeat(2001) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('最多 2000 个字');
  });

  it('should ask for a participant when none is given', () => {
    const result = InteractionCreateBody.safeParse({ ...base, participants: {} });
    expect(result.error?.issues[0].message).toBe('请至少选择一位参与人或一个单位');
  });
});

describe('TaskUpdateBody and TimelineQuery', () => {
  it('should refuse an update that only carries the version', () => {
    expect(TaskUpdateBody.safeParse({ version: 1 }).success).toBe(false);
  });

  it('should read a comma list of kinds and refuse an unknown one', () => {
    expect(TimelineQuery.parse({ kinds: 'interaction,check_in' }).kinds).toEqual(['interaction', 'check_in']);
    expect(TimelineQuery.safeParse({ kinds: 'gossip' }).success).toBe(false);
  });
});
