import { fireEvent, render, screen } from '@testing-library/react';
import { FUNNEL_HELP, FUNNEL_STAGES, FUNNEL_STAGE_LABELS, type FunnelView } from '@alliance-hub/types';
import { FunnelCard } from './funnel-card';

const ENTERED = [16, 12, 9, 6, 4, 0];

function funnel(entered = ENTERED): FunnelView {
  return {
    year: 2026,
    scope: { kind: 'alliance', orgId: null, orgName: null },
    help: FUNNEL_HELP,
    stages: FUNNEL_STAGES.map((stage, i) => ({
      stage,
      label: FUNNEL_STAGE_LABELS[stage],
      entered: entered[i],
      lastYear: 0,
      conversionToNext: i < 5 && entered[i] ? entered[i + 1] / entered[i] : null,
      medianDaysToNext: i < 5 && entered[i + 1] ? 30 + i : null,
    })),
  };
}

const row = (stage: string) => document.querySelector(`[data-stage="${stage}"]`) as HTMLElement;

describe('FunnelCard (the intent funnel)', () => {
  it('should open the intents that entered a stage when the stage is tapped', () => {
    const onDrill = jest.fn();
    render(<FunnelCard funnel={funnel()} staff onDrill={onDrill} />);
    fireEvent.click(row('signed'));
    expect(onDrill).toHaveBeenCalledWith('signed', 'entered', '签约');
  });

  it('should open the moves behind a median without also opening the stage when staff tap the days', () => {
    const onDrill = jest.fn();
    render(<FunnelCard funnel={funnel()} staff onDrill={onDrill} />);
    fireEvent.click(screen.getByText('停留中位 32 天'));
    expect(onDrill).toHaveBeenCalledTimes(1);
    expect(onDrill).toHaveBeenCalledWith('negotiating', 'daysToNext', '洽谈');
  });

  it('should not offer the moves behind a median when a member looks', () => {
    const onDrill = jest.fn();
    render(<FunnelCard funnel={funnel()} staff={false} onDrill={onDrill} />);
    expect(screen.getByText('停留中位 32 天').closest('[role="link"]')).toBe(row('negotiating'));
  });

  it('should not offer a stage no intent entered as a link', () => {
    const onDrill = jest.fn();
    render(<FunnelCard funnel={funnel()} staff onDrill={onDrill} />);
    fireEvent.click(row('industrialised'));
    expect(onDrill).not.toHaveBeenCalled();
    expect(row('industrialised').getAttribute('role')).toBeNull();
  });

  it('should say so instead of drawing empty bars when no intent entered any stage', () => {
    render(<FunnelCard funnel={funnel([0, 0, 0, 0, 0, 0])} staff onDrill={jest.fn()} />);
    expect(screen.getByText('这一年没有合作意向进入任何阶段。')).toBeInTheDocument();
    expect(row('lead')).toBeNull();
  });
});
