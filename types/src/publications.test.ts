import { AchievementCreateBody, AchievementListQuery } from './achievements';
import { DemandCreateBody, DemandUpdateBody } from './demands';
import { SelectionCreateBody } from './selections';
import { todayInShanghai } from './publications';

const demand = {
  title: '高强铝合金焊接变形控制',
  description: '第一段\n\n  第二段  ',
  fields: ['metal_materials'],
  cooperationModes: ['commissioned'],
};

describe('achievement and demand contract', () => {
  it('should keep paragraphs and collapse blank lines when parsing a description', () => {
    expect(DemandCreateBody.parse(demand).description).toBe('第一段\n第二段');
  });

  it('should refuse an over-long title with its limit when it is too long', () => {
    const r = DemandCreateBody.safeParse({ ...demand, title: '长'.repeat(81) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('最多 80 个字');
  });

  it('should refuse a budget when the minimum is above the maximum', () => {
    const r = DemandUpdateBody.safeParse({ budgetMinWan: 50, budgetMaxWan: 10 });
    expect(r.error?.issues[0]).toMatchObject({ path: ['budgetMinWan'], message: '预算下限不能高于上限' });
  });

  it('should refuse a deadline when it is in the past', () => {
    const r = DemandCreateBody.safeParse({ ...demand, deadline: '2020-01-01' });
    expect(r.error?.issues[0]?.message).toBe('截止日期不能早于今天');
    expect(DemandCreateBody.safeParse({ ...demand, deadline: todayInShanghai() }).success).toBe(true);
  });

  it('should refuse a price when 面议 is ticked', () => {
    const r = AchievementCreateBody.safeParse({
      title: '芳纶纤维表面改性技术',
      summary: '一句话',
      fields: ['polymer_materials'],
      maturity: 'pilot',
      transferModes: ['license'],
      priceWan: 100,
      priceNegotiable: true,
    });
    expect(r.success).toBe(false);
  });

  it('should parse mine flags and refuse unknown keys when listing', () => {
    expect(AchievementListQuery.parse({ mine: '1' }).mine).toBe(true);
    expect(AchievementListQuery.safeParse({ sort: 'x' }).success).toBe(false);
  });

  it('should refuse a selection note when it is longer than 60 characters', () => {
    const r = SelectionCreateBody.safeParse({
      itemKind: 'achievement',
      itemId: 'a'.repeat(24),
      note: '字'.repeat(61),
    });
    expect(r.error?.issues[0]?.message).toBe('最多 60 个字');
  });
});
