import { canonicalProvince, normalizeRegion, parseRegion, provinceSpellings } from './regions';

describe('regions', () => {
  it('should give the official province name when it is written short or with another suffix', () => {
    expect(canonicalProvince('辽宁')).toBe('辽宁省');
    expect(canonicalProvince('辽宁省')).toBe('辽宁省');
    expect(canonicalProvince('广西')).toBe('广西壮族自治区');
    expect(canonicalProvince('广西自治区')).toBe('广西壮族自治区');
    expect(canonicalProvince(' 内蒙古 ')).toBe('内蒙古自治区');
    expect(canonicalProvince('北京')).toBe('北京市');
    expect(canonicalProvince('火星')).toBeNull();
  });

  it('should give official city names with 市, 地区 or 自治州 when the city is written short', () => {
    expect(normalizeRegion({ province: '辽宁', city: '沈阳' })).toEqual({
      province: '辽宁省',
      city: '沈阳市',
    });
    expect(normalizeRegion({ province: '黑龙江', city: '大兴安岭' })).toEqual({
      province: '黑龙江省',
      city: '大兴安岭地区',
    });
    expect(normalizeRegion({ province: '吉林', city: '延边' })).toEqual({
      province: '吉林省',
      city: '延边朝鲜族自治州',
    });
    expect(normalizeRegion({ province: '湖北', city: '仙桃' })).toEqual({
      province: '湖北省',
      city: '仙桃市',
    });
  });

  it('should infer the province from the city when the province is missing', () => {
    expect(normalizeRegion({ province: null, city: '齐齐哈尔' })).toEqual({
      province: '黑龙江省',
      city: '齐齐哈尔市',
    });
  });

  it('should use the municipality as its own city when the region is a municipality', () => {
    expect(normalizeRegion({ province: '北京', city: null })).toEqual({ province: '北京市', city: '北京市' });
    expect(normalizeRegion({ province: '上海', city: '上海' })).toEqual({
      province: '上海市',
      city: '上海市',
    });
    expect(normalizeRegion({ province: '北京市', city: '海淀区' })).toEqual({
      province: '北京市',
      city: '海淀区',
    });
  });

  it('should keep text that is not a known division as written when it cannot be resolved', () => {
    expect(normalizeRegion({ province: '海外', city: '新加坡' })).toEqual({
      province: '海外',
      city: '新加坡',
    });
    expect(normalizeRegion({ province: '', city: '' })).toEqual({ province: null, city: null });
  });

  it('should split one 所在地 cell into province and city when both are written together', () => {
    expect(parseRegion('辽宁省沈阳市')).toEqual({ province: '辽宁省', city: '沈阳市' });
    expect(parseRegion('吉林省吉林市')).toEqual({ province: '吉林省', city: '吉林市' });
    expect(parseRegion('辽宁 沈阳')).toEqual({ province: '辽宁省', city: '沈阳市' });
    expect(parseRegion('广西壮族自治区南宁市')).toEqual({ province: '广西壮族自治区', city: '南宁市' });
    expect(parseRegion('北京市')).toEqual({ province: '北京市', city: '北京市' });
    expect(parseRegion('哈尔滨')).toEqual({ province: '黑龙江省', city: '哈尔滨市' });
  });

  it('should match the official and the short spelling when filtering by province', () => {
    expect(provinceSpellings('辽宁')).toEqual(['辽宁省', '辽宁']);
    expect(provinceSpellings('广西壮族自治区')).toEqual(['广西壮族自治区', '广西']);
  });
});
