import type { FieldErrors } from '../../utils/field-errors';

/** "新材料、复合材料, 焊接" → ['新材料', '复合材料', '焊接']: people type lists with any Chinese or ASCII separator. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,，、;；\n]+/)) {
    const item = part.trim();
    if (item) seen.add(item);
  }
  return [...seen];
}

export function joinList(items: string[]): string {
  return items.join('、');
}

/** The error for a form field; errors on list items (`aliases.2`) are shown at the list. */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const nested = Object.keys(errors).find((key) => key.startsWith(`${field}.`));
  return nested ? errors[nested] : undefined;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** The server and the schema collapse whitespace the same way, so compare like they do. */
export function normalizedText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
