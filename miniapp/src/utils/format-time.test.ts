import { formatShanghaiTime } from './format-time';

describe('formatShanghaiTime', () => {
  it('should show UTC times in Asia/Shanghai (+08:00) to the minute', () => {
    expect(formatShanghaiTime('2025-03-01T01:30:05.000Z')).toBe('2025-03-01 09:30');
  });

  it('should add the seconds when asked', () => {
    expect(formatShanghaiTime('2025-03-01T01:30:05.000Z', { seconds: true })).toBe('2025-03-01 09:30:05');
  });

  it('should roll over to the next day after 16:00 UTC', () => {
    expect(formatShanghaiTime('2024-12-31T16:00:00Z')).toBe('2025-01-01 00:00');
  });

  it('should show a dash when the time is not a valid ISO string', () => {
    expect(formatShanghaiTime('not a time')).toBe('—');
  });
});
