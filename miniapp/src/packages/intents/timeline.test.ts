import type { InteractionView } from '@alliance-hub/types';
import { intentTimeline } from './timeline';

const actor = { id: 'u1', displayName: '白衬衫·李明' };

describe('intent timeline', () => {
  it('should merge stage changes, status changes and interactions newest first, flagging back-dated ones', () => {
    const timeline = intentTimeline(
      {
        stageHistory: [
          {
            id: 's1',
            from: null,
            to: 'lead',
            at: '2024-03-01T04:00:00.000Z',
            recordedAt: '2024-03-01T04:00:00.000Z',
            backdated: false,
            actor,
            note: null,
          },
          {
            id: 's2',
            from: 'lead',
            to: 'intent',
            at: '2024-11-20T04:00:00.000Z',
            recordedAt: '2025-01-05T04:00:00.000Z',
            backdated: true,
            actor,
            note: '年会后补录',
          },
        ],
        statusHistory: [
          {
            id: 't0',
            from: null,
            to: 'active',
            at: '2024-03-01T04:00:00.000Z',
            recordedAt: '2024-03-01T04:00:00.000Z',
            backdated: false,
            actor,
            lostReason: null,
            note: null,
          },
          {
            id: 't1',
            from: 'active',
            to: 'lost',
            at: '2025-02-01T04:00:00.000Z',
            recordedAt: '2025-02-01T04:00:00.000Z',
            backdated: false,
            actor,
            lostReason: 'no_budget',
            note: '预算冻结',
          },
        ],
      },
      [
        {
          id: 'i1',
          type: 'visit',
          at: '2024-12-10T02:00:00.000Z',
          participants: {
            people: [],
            organizations: [{ id: 'o1', name: '大庆华科新材料有限公司' }],
            unlisted: [],
          },
          note: '参观中试线',
          createdBy: actor,
        } as unknown as InteractionView,
      ],
    );
    expect(timeline.map((e) => e.title)).toEqual([
      '标记为未成：资金不到位',
      '走访 · 大庆华科新材料有限公司',
      '线索 → 意向',
      '建立意向（线索）',
    ]);
    expect(timeline[2]).toMatchObject({ backdated: true, note: '年会后补录' });
  });
});
