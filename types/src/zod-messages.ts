import type { core } from 'zod';

/*
 * zod's own Chinese locale speaks like a type checker ("数值过小：期望 number >=1"); users read
 * these messages as they are, next to a form field, so every default message here is a short
 * plain-Chinese sentence about what to type. A schema's own message still wins.
 */

type Issue = core.$ZodRawIssue;

const FORMAT_NAMES: Record<string, string> = {
  email: '电子邮箱',
  url: '网址',
  datetime: '日期时间',
  date: '日期',
  time: '时间',
  uuid: '编号',
  guid: '编号',
  ipv4: 'IP 地址',
  ipv6: 'IP 地址',
  e164: '电话号码',
};

const TYPE_PROMPTS: Record<string, string> = {
  string: '请输入文字',
  number: '请输入数字',
  int: '请输入整数',
  bigint: '请输入整数',
  boolean: '请选择是或否',
  date: '请输入日期',
  array: '请选择',
  object: '内容格式不正确',
  file: '请选择文件',
};

/** The limit as people say it: a date reads as a date, a large number keeps its digits. */
function limitText(origin: string, limit: number | bigint): string {
  if (origin === 'date') {
    const date = new Date(Number(limit));
    return Number.isNaN(date.getTime()) ? String(limit) : date.toISOString().slice(0, 10);
  }
  return String(limit);
}

function fileSize(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const { origin, minimum, inclusive, exact } = issue;
  const n = limitText(origin, minimum);
  switch (origin) {
    case 'string':
      if (exact) return `请输入 ${n} 个字符`;
      return Number(minimum) <= 1 ? '请填写此项' : `至少 ${n} 个字`;
    case 'array':
    case 'set':
      if (exact) return `请选择 ${n} 项`;
      return Number(minimum) <= 1 ? '请至少选择一项' : `请至少选择 ${n} 项`;
    case 'date':
      return inclusive ? `不能早于 ${n}` : `应晚于 ${n}`;
    case 'file':
      return '文件是空的';
    default:
      return inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
  }
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const { origin, maximum, inclusive, exact } = issue;
  const n = limitText(origin, maximum);
  switch (origin) {
    case 'string':
      return exact ? `请输入 ${n} 个字符` : `最多 ${n} 个字`;
    case 'array':
    case 'set':
      return exact ? `请选择 ${n} 项` : `最多选择 ${n} 项`;
    case 'date':
      return inclusive ? `不能晚于 ${n}` : `应早于 ${n}`;
    case 'file':
      return `文件不能超过 ${fileSize(maximum)}`;
    default:
      return inclusive ? `不能大于 ${n}` : `必须小于 ${n}`;
  }
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  // A missing value is the common case in a form: say it is required, not what type it lacks.
  if (issue.input === undefined || issue.input === null) return '请填写此项';
  if (issue.expected === 'number' && typeof issue.input === 'number') return '请输入有效的数字';
  return TYPE_PROMPTS[issue.expected] ?? '格式不正确';
}

function invalidFormat(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  const name = FORMAT_NAMES[issue.format];
  if (name) return `请输入正确的${name}`;
  if (issue.format === 'starts_with' && 'prefix' in issue) return `应以「${String(issue.prefix)}」开头`;
  if (issue.format === 'ends_with' && 'suffix' in issue) return `应以「${String(issue.suffix)}」结尾`;
  if (issue.format === 'includes' && 'includes' in issue) return `应包含「${String(issue.includes)}」`;
  return '格式不正确';
}

/** zod's `localeError`: one plain-Chinese sentence per issue. */
export function plainChineseError(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return invalidFormat(issue);
    case 'invalid_value':
      return issue.values.length === 1 ? '取值不正确' : '请从给定的选项中选择';
    case 'not_multiple_of':
      return `请输入 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'invalid_key':
    case 'invalid_element':
      return '包含无效的项';
    case 'invalid_union':
      return '格式不正确';
    default:
      return '内容有误，请检查';
  }
}
