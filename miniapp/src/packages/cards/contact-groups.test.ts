import { contactView } from './card-factories';
import { groupContactsByEvent, NO_EVENT_TITLE } from './contact-groups';

describe('groupContactsByEvent', () => {
  it('should group by event in newest-first order and put exchanges outside events under 其他', () => {
    const meeting = { id: 'e1', title: '2025 年会' };
    const roadshow = { id: 'e2', title: '成果路演' };
    const groups = groupContactsByEvent([
      contactView({ id: 'c1', event: roadshow }),
      contactView({ id: 'c2', event: null }),
      contactView({ id: 'c3', event: meeting }),
      contactView({ id: 'c4', event: roadshow }),
      contactView({ id: 'c5', event: null }),
    ]);
    expect(groups.map((g) => [g.title, g.items.map((c) => c.id)])).toEqual([
      ['成果路演', ['c1', 'c4']],
      [NO_EVENT_TITLE, ['c2', 'c5']],
      ['2025 年会', ['c3']],
    ]);
    expect(new Set(groups.map((g) => g.key)).size).toBe(3);
  });

  it('should return no groups for no contacts', () => {
    expect(groupContactsByEvent([])).toEqual([]);
  });
});
