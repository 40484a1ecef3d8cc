import {
  parseBudget,
  parseCooperationModes,
  parseDeadline,
  parseIp,
  parseMaturity,
  parsePrice,
  parseTransferModes,
  parseVisibility,
} from './import.publication-cells';

describe('achievement and demand cells', () => {
  it('should read maturity from the words lists use', () => {
    expect(parseMaturity('中试阶段')).toEqual({ value: 'pilot' });
    expect(parseMaturity('已实现量产')).toEqual({ value: 'industrialised' });
    expect(parseMaturity('小试')).toEqual({ value: 'lab' });
    expect(parseMaturity('')).toBeNull();
    expect(parseMaturity('概念')).toEqual({ problem: expect.stringMatching(/^成熟度「概念」无法识别/) });
  });

  it('should read IP with or without its kind, and refuse an item of unknown kind', () => {
    expect(parseIp('发明专利：ZL201910123456.7；软件著作权 2021SR0123456')).toEqual({
      value: [
        { kind: 'invention_patent', number: 'ZL201910123456.7' },
        { kind: 'software_copyright', number: '2021SR0123456' },
      ],
    });
    expect(parseIp('ZL202020654321.X')).toEqual({
      value: [{ kind: 'utility_model', number: 'ZL202020654321.X' }],
    });
    expect(parseIp('技术秘密')).toEqual({ value: [{ kind: 'know_how' }] });
    expect(parseIp('暂无')).toBeNull();
    expect(parseIp('商标 12345')).toEqual({ problem: expect.stringContaining('无法识别类型') });
  });

  it('should read prices in 万元, 元 or 亿 and 面议', () => {
    expect(parsePrice('面议')).toEqual({ value: { priceWan: null, priceNegotiable: true } });
    expect(parsePrice('120万元')).toEqual({ value: { priceWan: 120, priceNegotiable: false } });
    expect(parsePrice('￥800,000元')).toEqual({ value: { priceWan: 80, priceNegotiable: false } });
    expect(parsePrice('1.2亿')).toEqual({ value: { priceWan: 12000, priceNegotiable: false } });
    expect(parsePrice('待评估价')).toEqual({ problem: expect.stringContaining('参考价格') });
  });

  it('should read budget ranges, open ends and a single amount as the upper bound', () => {
    expect(parseBudget('50-100万')).toEqual({
      value: { budgetMinWan: 50, budgetMaxWan: 100, budgetNegotiable: false },
    });
    expect(parseBudget('100万以上')).toEqual({
      value: { budgetMinWan: 100, budgetMaxWan: null, budgetNegotiable: false },
    });
    expect(parseBudget('不超过30万')).toEqual({
      value: { budgetMinWan: null, budgetMaxWan: 30, budgetNegotiable: false },
    });
    expect(parseBudget('面议')).toEqual({
      value: { budgetMinWan: null, budgetMaxWan: null, budgetNegotiable: true },
    });
    // The order is the schema's to judge (预算下限不能高于上限), with the values as written.
    expect(parseBudget('200~100')).toEqual({
      value: { budgetMinWan: 200, budgetMaxWan: 100, budgetNegotiable: false },
    });
  });

  it('should read dates as lists write them and 长期 as no deadline', () => {
    expect(parseDeadline('2030/6/3')).toEqual({ value: '2030-06-03' });
    expect(parseDeadline('2030年12月31日')).toEqual({ value: '2030-12-31' });
    expect(parseDeadline('长期')).toEqual({ value: null });
    expect(parseDeadline('明年')).toEqual({ problem: expect.stringContaining('截止日期') });
  });

  it('should read modes and visibility from their labels and common words', () => {
    expect(parseTransferModes('转让、许可/作价入股')).toEqual({ value: ['transfer', 'license', 'equity'] });
    expect(parseCooperationModes('委托开发，联合攻关')).toEqual({
      value: ['commissioned', 'joint_research'],
    });
    expect(parseCooperationModes('赞助')).toEqual({ problem: expect.stringMatching(/^合作方式「赞助」/) });
    expect(parseVisibility('仅联盟工作人员可见')).toEqual({ value: 'staff' });
    expect(parseVisibility('不公开')).toEqual({ value: 'staff' });
    expect(parseVisibility('全体成员')).toEqual({ value: 'members' });
  });
});
