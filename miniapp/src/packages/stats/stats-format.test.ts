import { changeText, formatFigure, progressWidth, STATS_ROUTES, statusOf } from './stats-format';

describe('stats-format', () => {
  it('should show money with two decimals and counts as whole numbers', () => {
    expect(formatFigure(1234.5, true)).toBe('1,234.50');
    expect(formatFigure(12, false)).toBe('12');
  });

  it('should cap the progress bar at 100 when the target is exceeded', () => {
    expect(progressWidth({ value: 15, target: 10 })).toBe(100);
    expect(progressWidth({ value: 5, target: 10 })).toBe(50);
    expect(progressWidth({ value: 5, target: null })).toBe(0);
  });

  it('should say behind schedule with the pace figure when the KPI is behind', () => {
    const status = statusOf({
      source: 'counted',
      behindSchedule: true,
      target: 10,
      expectedByNow: 5,
      money: false,
    });
    expect(status).toEqual({ tone: 'behind', text: '落后进度 · 应达 5' });
    expect(
      statusOf({ source: 'pending', behindSchedule: false, target: null, expectedByNow: null, money: false })
        .tone,
    ).toBe('pending');
  });

  it('should compare with last year and say when last year was zero', () => {
    expect(changeText({ value: 12, lastYear: 10, money: false })).toBe('较去年 +20%');
    expect(changeText({ value: 3, lastYear: 0, money: false })).toBe('去年为 0');
  });

  it('should encode the records route parameters and leave out empty ones', () => {
    expect(STATS_ROUTES.records({ year: 2026, kpi: 'contracts_signed', month: 3, title: '签约 · 3月' })).toBe(
      '/packages/stats/records/index?year=2026&kpi=contracts_signed&month=3&title=%E7%AD%BE%E7%BA%A6%20%C2%B7%203%E6%9C%88',
    );
  });
});
