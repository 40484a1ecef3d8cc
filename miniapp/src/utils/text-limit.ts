/**
 * Length as the shared `Text` schema counts it (whitespace collapsed, ends trimmed), so the
 * count next to a field and the server's refusal agree.
 */
export function textLength(value: string): number {
  return value.replace(/\s+/g, ' ').trim().length;
}

/** "最多 40 个字（已输入 43 个）" while a text is over its limit; null otherwise. */
export function overLimitMessage(value: string, limit: number): string | null {
  const length = textLength(value);
  return length > limit ? `最多 ${limit} 个字（已输入 ${length} 个）` : null;
}

/**
 * Taro's Input and Textarea cut at 140 characters unless told otherwise; -1 lets people type
 * on, and the form field shows the limit instead.
 */
export const NO_CUT = -1;
