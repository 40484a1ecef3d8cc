import { z } from './zod';

export const ObjectIdString = z.string().regex(/^[a-f\d]{24}$/i, '编号格式不正确');

/**
 * Trims and collapses inner whitespace; empty after trimming counts as missing. Messages are
 * written for the form the user sees, not zod's generic "期望 string <=N 字符".
 */
export const Text = (max: number, min = 1) =>
  z
    .string({ error: '请填写此项' })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? '不能为空' : `至少填写 ${min} 个字`)
        .max(max, `不能超过 ${max} 个字`),
    );

/**
 * Mainland mobile numbers as people actually type them: spaces, dashes, +86 or 0086 prefixes.
 * Returns the 11 bare digits, or null when it is not a mobile number.
 */
export function normalizeMobile(raw: string): string | null {
  const digits = raw.replace(/[\s\-()（）]/g, '').replace(/^(\+?86|0086)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

export const Mobile = z.string().transform((value, ctx) => {
  const mobile = normalizeMobile(value);
  if (!mobile) {
    ctx.addIssue({ code: 'custom', message: '请输入 11 位手机号码' });
    return z.NEVER;
  }
  return mobile;
});

export const Email = z.email('邮箱格式不正确').max(120);

export const IsoDateTime = z.string();
