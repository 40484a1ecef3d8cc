import { z } from './zod';
import { Text } from './common';
import { ApplicationCreateBody } from './applications';

const messageOf = (schema: z.ZodType, input: unknown): string | undefined => {
  const parsed = schema.safeParse(input);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
};

describe('plain-Chinese zod messages', () => {
  it('should say the limit in words when a number is too small or too big', () => {
    expect(messageOf(z.number().min(1), 0)).toBe('不能小于 1');
    expect(messageOf(z.number().positive(), 0)).toBe('必须大于 0');
    expect(messageOf(z.number().max(3000), 5000)).toBe('不能大于 3000');
    expect(messageOf(z.number().lt(10), 10)).toBe('必须小于 10');
  });

  it('should count characters when a text is too short or too long', () => {
    expect(messageOf(Text(40), 'x'.repeat(41))).toBe('最多 40 个字');
    expect(messageOf(Text(80, 2), '材')).toBe('至少 2 个字');
    expect(messageOf(Text(80), '   ')).toBe('请填写此项');
  });

  it('should ask for a value when it is missing and name the kind of value when it is wrong', () => {
    expect(messageOf(z.string(), undefined)).toBe('请填写此项');
    expect(messageOf(z.number(), 'abc')).toBe('请输入数字');
    expect(messageOf(z.number().int(), 1.5)).toBe('请输入整数');
  });

  it('should describe lists, choices, formats and unknown keys without type names', () => {
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('请至少选择一项');
    expect(messageOf(z.array(z.string()).max(3), ['a', 'b', 'c', 'd'])).toBe('最多选择 3 项');
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe('请从给定的选项中选择');
    expect(messageOf(z.email(), 'not-mail')).toBe('请输入正确的电子邮箱');
    expect(messageOf(z.iso.datetime(), 'yesterday')).toBe('请输入正确的日期时间');
    expect(messageOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toBe('不支持的字段：b、c');
  });

  it('should never show validator jargon when a real form body is wrong', () => {
    const parsed = ApplicationCreateBody.safeParse({
      organization: { name: '', kind: 'x', province: 5, city: 'y'.repeat(21) },
      applicant: {},
      message: 'z'.repeat(501),
    });
    expect(parsed.success).toBe(false);
    for (const issue of parsed.error?.issues ?? []) {
      expect(issue.message).not.toMatch(/期望|expected|number|string|[<>]=?\d|字符/i);
      expect(issue.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it("should keep a schema's own message when it gives one", () => {
    expect(messageOf(z.string().min(5, '口令至少 5 位'), 'abc')).toBe('口令至少 5 位');
  });
});
