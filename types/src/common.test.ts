import { IsoDateTime, Text, unsafeTextProblem, type z } from './index';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0].message;
};

describe('Text', () => {
  it.each([
    ['NUL', '哈工大\u0000'],
    ['a C0 control', '哈工\u0007大'],
    ['DEL', '哈工大\u007f'],
    ['a C1 control', '哈工大\u0085'],
  ])('should refuse %s with a plain Chinese message', (_what, value) => {
    expect(messageOf(Text(40), value)).toBe('不能包含控制字符（如 NUL），请删除后重试');
  });

  it.each([
    ['right-to-left override', '哈工大\u202e司公'],
    ['left-to-right embedding', '\u202a哈工大'],
    ['first-strong isolate', '哈工大\u2068'],
    ['right-to-left mark', '哈工大\u200f'],
    ['Arabic letter mark', '哈工大\u061c'],
  ])('should refuse a %s', (_what, value) => {
    expect(messageOf(Text(40), value)).toMatch(/文字方向控制符/);
  });

  it('should still accept ordinary names, emoji and whitespace it collapses', () => {
    expect(Text(40).parse(' 哈尔滨\t工业大学\n ')).toBe('哈尔滨 工业大学');
    expect(Text(40).parse('Zoë 👩‍🔬 O’Brien')).toBe('Zoë 👩‍🔬 O’Brien');
    expect(unsafeTextProblem('普通文字')).toBeUndefined();
  });
});

describe('IsoDateTime', () => {
  it('should accept a date-time with an offset in a plannable year', () => {
    expect(IsoDateTime.parse('2026-05-20T09:00:00+08:00')).toBe('2026-05-20T09:00:00+08:00');
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1999-12-31T00:00:00Z',
    '2100-01-01T08:00:00+08:00',
  ])('should refuse %s with the allowed years in the message', (value) => {
    expect(messageOf(IsoDateTime, value)).toBe('请填写 2000 至 2099 年之间的时间');
  });

  it('should refuse text that is not a date-time', () => {
    expect(messageOf(IsoDateTime, 'yesterday')).toBeDefined();
  });
});
