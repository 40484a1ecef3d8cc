import { fireEvent, render, screen } from '@testing-library/react';
import { MATCH_REASONS_HELP, type MatchReasonsView } from '@alliance-hub/types';
import { MatchReasonsCard } from './match-reasons-card';

function view(values: Partial<Record<MatchReasonsView['reasons'][number]['key'], number>>): MatchReasonsView {
  const reasons: MatchReasonsView['reasons'] = [
    { key: 'not_our_field', label: '不是我们的领域', value: values.not_our_field ?? 0 },
    { key: 'cost', label: '成本不合适', value: values.cost ?? 0 },
    { key: 'too_early', label: '成果太早期', value: values.too_early ?? 0 },
  ];
  const total = reasons.reduce((sum, r) => sum + r.value, 0);
  return { year: 2026, reasons, total, lastYearTotal: 2, help: MATCH_REASONS_HELP };
}

const row = (reason: string) => document.querySelector(`[data-reason="${reason}"]`) as HTMLElement;

describe('MatchReasonsCard (不合适 by reason)', () => {
  it('should open the marks of a reason when a counted reason is tapped', () => {
    const onDrill = jest.fn();
    render(<MatchReasonsCard view={view({ not_our_field: 3, cost: 1 })} onDrill={onDrill} />);
    fireEvent.click(row('cost'));
    expect(onDrill).toHaveBeenCalledWith('cost', '成本不合适');
    expect(screen.getByText('共 4 条 · 去年 2 条')).toBeTruthy();
    expect(screen.getByText('75%')).toBeTruthy();
  });

  it('should not open anything for a reason with no marks', () => {
    const onDrill = jest.fn();
    render(<MatchReasonsCard view={view({ not_our_field: 3 })} onDrill={onDrill} />);
    fireEvent.click(row('too_early'));
    expect(onDrill).not.toHaveBeenCalled();
  });

  it('should say what to do when nothing was marked 不合适 in the year', () => {
    render(<MatchReasonsCard view={view({})} onDrill={jest.fn()} />);
    expect(screen.getByText(/2026 年还没有推荐被标记为不合适/)).toBeTruthy();
    expect(row('cost')).toBeNull();
  });
});
