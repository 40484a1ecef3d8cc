/**
 * Subscribe-message keyword limits (characters). WeChat refuses a longer value with 47003 rather
 * than cutting it, so every value is cut here first, with an ellipsis inside the limit.
 */
export const KEYWORD_LIMITS = {
  thing: 20,
  phrase: 5,
  name: 10,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
} as const;
export type KeywordType = keyof typeof KEYWORD_LIMITS;

/** Cut to the keyword's limit in characters (code points: one emoji or one 汉字 is one). */
export function fitKeyword(type: KeywordType, value: string): string {
  const limit = KEYWORD_LIMITS[type];
  const chars = [...value.replace(/\s+/g, ' ').trim()];
  if (chars.length <= limit) return chars.join('');
  // phrase and symbol are too short for an ellipsis to help a reader.
  if (limit <= 5) return chars.slice(0, limit).join('');
  return `${chars.slice(0, limit - 1).join('')}…`;
}

/** WeChat's `time` keyword as people read it in China: 2026年12月2日 10:00 (Asia/Shanghai). */
export function shanghaiTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}
