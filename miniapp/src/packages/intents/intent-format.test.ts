import type { IntentSummaryView } from '@alliance-hub/types';
import { ApiError } from '../../utils/api-error';
import {
  conflictCurrent,
  dayText,
  groupByStage,
  nextStage,
  partiesText,
  stageStatusText,
  wanText,
} from './intent-format';

const card = (stage: IntentSummaryView['stage'], stale = false) => ({ stage, stale });

describe('intent formatting', () => {
  it('should write 万元 amounts with grouping and without trailing zeros', () => {
    expect(wanText(1250.75)).toBe('1,250.75 万元');
    expect(wanText(0.5)).toBe('0.5 万元');
    expect(wanText(120)).toBe('120 万元');
    expect(wanText(null)).toBe('—');
  });

  it('should group intents by stage in pipeline order with every stage present and stale counts', () => {
    const groups = groupByStage([card('signed'), card('lead', true), card('lead')]);
    expect(groups.map((g) => g.stage)).toEqual([
      'lead',
      'intent',
      'negotiating',
      'signed',
      'executing',
      'industrialised',
    ]);
    expect(groups[0]).toMatchObject({ label: '线索', staleCount: 1 });
    expect(groups[0].items).toHaveLength(2);
    expect(groups[1].items).toHaveLength(0);
  });

  it('should give the next stage forward and none after 产业化', () => {
    expect(nextStage('negotiating')).toBe('signed');
    expect(nextStage('industrialised')).toBeNull();
  });

  it('should show the status and lost reason beside the stage when not active', () => {
    expect(stageStatusText({ stage: 'intent', status: 'active', lostReason: null })).toBe('意向');
    expect(stageStatusText({ stage: 'intent', status: 'lost', lostReason: 'no_budget' })).toBe(
      '意向 · 未成（资金不到位）',
    );
    expect(stageStatusText({ stage: 'negotiating', status: 'on_hold', lostReason: null })).toBe(
      '洽谈 · 暂缓',
    );
  });

  it('should list the parties with their roles', () => {
    const parties = [
      { organization: { id: 'a', name: '哈尔滨工业大学' }, role: 'supply' as const, people: [] },
      { organization: { id: 'b', name: '大庆华科新材料有限公司' }, role: 'demand' as const, people: [] },
    ];
    expect(partiesText({ parties })).toBe('哈尔滨工业大学（供给方）、大庆华科新材料有限公司（需求方）');
  });

  it('should write days in Shanghai, with the year only outside the current one', () => {
    const now = new Date('2025-06-10T02:00:00.000Z');
    expect(dayText('2025-03-01T17:00:00.000Z', now)).toBe('3月2日');
    expect(dayText('2024-12-31T04:00:00.000Z', now)).toBe('2024年12月31日');
  });

  it('should read the current intent from a 409 and nothing from other errors', () => {
    const current = { id: 'i1', version: 5 };
    const conflict = new ApiError({
      status: 409,
      code: 'CONFLICT',
      message: '已被修改',
      details: { current },
    });
    expect(conflictCurrent(conflict)).toEqual(current);
    expect(conflictCurrent(new ApiError({ status: 400, code: 'VALIDATION', message: 'x' }))).toBeNull();
    expect(conflictCurrent(new Error('x'))).toBeNull();
  });
});
