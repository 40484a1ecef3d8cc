import { normalizedText, sameList, splitList } from '../directory/edit-form';

/** Helpers both publish forms share: amounts typed as text, lists, and what changed. */

/** '' → null (no amount); anything else is parsed, and the schema refuses what is not a number. */
export function amountOf(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

export function amountText(amount: number | null): string {
  return amount == null ? '' : String(amount);
}

/** Keywords typed as one line: "高强钢、焊接, 轻量化". */
export const keywordsOf = splitList;

/** Sets `body[key]` only when the form's value differs from the stored one. */
export function changedText(stored: string | null | undefined, typed: string): boolean {
  return normalizedText(stored) !== normalizedText(typed);
}

export function changedList(stored: readonly string[], typed: readonly string[]): boolean {
  return !sameList(stored, typed);
}
