import type { HighlightSpan } from '@alliance-hub/types';

/**
 * Where the given words occur in a text, as merged [start, end) spans in the text's own
 * UTF-16 offsets. Matching is case- and width-insensitive (NFKC, as the analyzer folds), done
 * character by character so offsets stay the text's own: a character whose folded form has
 * another length is compared unfolded.
 */
export function highlightSpans(text: string, words: readonly string[]): HighlightSpan[] {
  if (!text || words.length === 0) return [];
  const folded = fold(text);
  const spans: HighlightSpan[] = [];
  for (const word of new Set(words.map(fold))) {
    if (!word) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(word, from);
      if (at < 0) break;
      spans.push({ start: at, end: at + word.length });
      from = at + word.length;
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: HighlightSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function fold(text: string): string {
  // Character by character, so a fold that changes one character's length is detectable.
  let out = '';
  for (const ch of text) {
    const f = ch.normalize('NFKC').toLowerCase();
    out += f.length === ch.length ? f : ch;
  }
  return out;
}
