import { z } from './zod';

export const ObjectIdString = z.string().regex(/^[a-f\d]{24}$/i, '编号格式不正确');

// Control characters other than whitespace (NUL truncates strings in C libraries and spreadsheet
// exports, and hides text in logs), DEL and the C1 block. Matching them is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;
// Bidirectional overrides, embeddings, isolates and marks: they reorder how a name is displayed,
// so "公司\u202E司公假" reads as another name on screen and in exports ("Trojan Source").
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Why a piece of user text cannot be stored, or undefined when it can (also for imported cells). */
export function unsafeTextProblem(text: string): string | undefined {
  if (CONTROL_CHARACTER.test(text)) return '不能包含控制字符（如 NUL），请删除后重试';
  if (BIDI_CONTROL.test(text)) return '不能包含文字方向控制符（它们会让文字显示成别的样子），请删除后重试';
  return undefined;
}

/** Any stored text: a string without control or bidirectional-override characters. */
export const SafeString = z.string().superRefine((text, ctx) => {
  const problem = unsafeTextProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Trims and collapses inner whitespace; empty after trimming counts as missing. The messages
 * ("请填写此项", "至少 2 个字", "最多 80 个字") come from the plain-Chinese error map in zod.ts.
 * Every name and text field uses it, so unsafe characters are refused everywhere at once.
 */
export const Text = (max: number, min = 1) =>
  SafeString.transform((s) => s.replace(/\s+/g, ' ').trim()).pipe(z.string().min(min).max(max));

export const DATE_YEAR_MIN = 2000;
export const DATE_YEAR_MAX = 2099;

/**
 * An ISO-8601 date-time with an offset (`2026-05-20T09:00:00+08:00`), within years the alliance
 * can actually plan for: year 0000 or 9999 is a typo, and sorts every list wrongly.
 */
export const IsoDateTime = z.iso.datetime({ offset: true, message: '时间格式不正确' }).refine(
  (value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX;
  },
  { message: `请填写 ${DATE_YEAR_MIN} 至 ${DATE_YEAR_MAX} 年之间的时间` },
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
