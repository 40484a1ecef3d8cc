import { z } from './zod';

export const ObjectIdString = z.string().regex(/^[a-f\d]{24}$/i, '编号格式不正确');

/**
 * Trims and collapses inner whitespace; empty after trimming counts as missing. The messages
 * ("请填写此项", "至少 2 个字", "最多 80 个字") come from the plain-Chinese error map in zod.ts.
 */
export const Text = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(min).max(max));

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

