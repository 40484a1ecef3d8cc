import { documentGrams, orgSearchFields, queryGrams } from './search-tokens';

const matches = (doc: string, query: string) => {
  const grams = new Set(documentGrams(doc));
  return queryGrams(query).every((g) => grams.has(g));
};

describe('Chinese search grams', () => {
  it.each([
    ['大庆华科新材料有限公司 对位芳纶纤维国产化', '芳纶'],
    ['轻合金精密成形、焊接与连接技术', '焊接 轻合金'],
    ['高性能铝合金板带材', '铝合金'],
    ['哈尔滨工业大学', '工业大学'],
    ['Industrial AI platform', 'ai'],
    ['高温合金寿命评估', '高温合金，寿命'],
  ])('should find "%s" with "%s"', (doc, query) => {
    expect(matches(doc, query)).toBe(true);
  });

  it.each([
    ['高性能铝合金板带材', '钛合金'],
    ['哈尔滨工业大学', '工程大学'],
  ])('should not find "%s" with "%s"', (doc, query) => {
    expect(matches(doc, query)).toBe(false);
  });

  it('should ignore punctuation and full-width forms in queries', () => {
    expect(queryGrams('  ，。！ ')).toEqual([]);
    expect(queryGrams('ＡＩ')).toEqual(['ai']);
  });

  it('should give the same grams for a repeated query when a caller changed its earlier answer', () => {
    const first = queryGrams('铝合金 焊接');
    const answer = [...first];
    first.push('改动');
    first[0] = '别的';
    expect(queryGrams('铝合金 焊接')).toEqual(answer);
    expect(answer).toContain('焊接');
  });

  it('should key organizations by normalised name and aliases', () => {
    const fields = orgSearchFields({ name: '哈尔滨工业大学（威海）', aliases: ['哈工大 威海'] });
    expect(fields.nameKey).toBe('哈尔滨工业大学(威海)');
    expect(fields.aliasKeys).toEqual(['哈工大威海']);
    expect(fields.nameGrams).toEqual(expect.arrayContaining(['哈工', '工大']));
  });
});
