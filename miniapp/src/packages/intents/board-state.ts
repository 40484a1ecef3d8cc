import type { IntentBoardColumn, IntentSummaryView } from '@alliance-hub/types';

/**
 * The board's columns as pure updates, so a move, a 409 reload or "load more" changes exactly
 * the cards and column totals it should, without refetching every column.
 */

const summaryOf = (column: IntentBoardColumn, card: IntentSummaryView, sign: 1 | -1): IntentBoardColumn => ({
  ...column,
  count: Math.max(0, column.count + sign),
  amountTotal: Math.max(0, column.amountTotal + sign * (card.amount ?? 0)),
  staleCount: Math.max(0, column.staleCount + (card.stale ? sign : 0)),
});

/**
 * Puts the card where its (new) state says: out of the column that held it, into the top of its
 * stage's column — or out of the board when it no longer matches the board's status filter
 * (`keep` false, e.g. an open-intents board after 未成).
 */
export function placeCard(
  columns: IntentBoardColumn[],
  card: IntentSummaryView,
  keep: (card: IntentSummaryView) => boolean = () => true,
): IntentBoardColumn[] {
  return columns.map((column) => {
    const old = column.items.find((item) => item.id === card.id);
    let next = column;
    if (old) next = summaryOf({ ...next, items: next.items.filter((item) => item.id !== card.id) }, old, -1);
    if (column.stage === card.stage && keep(card))
      next = summaryOf({ ...next, items: [card, ...next.items] }, card, 1);
    return next;
  });
}

/** More cards for one column; cards already shown (moved there meanwhile) are not repeated. */
export function appendPage(
  columns: IntentBoardColumn[],
  page: Pick<IntentBoardColumn, 'stage' | 'items' | 'nextCursor'>,
): IntentBoardColumn[] {
  return columns.map((column) => {
    if (column.stage !== page.stage) return column;
    const shown = new Set(column.items.map((item) => item.id));
    return {
      ...column,
      items: [...column.items, ...page.items.filter((item) => !shown.has(item.id))],
      nextCursor: page.nextCursor,
    };
  });
}

/** The card with this id, wherever it is on the board. */
export function findCard(columns: IntentBoardColumn[], id: string): IntentSummaryView | null {
  for (const column of columns) {
    const card = column.items.find((item) => item.id === id);
    if (card) return card;
  }
  return null;
}

/** Open intents are what the board shows by default; lost and done leave it. */
export const isOpen = (card: Pick<IntentSummaryView, 'status'>) =>
  card.status === 'active' || card.status === 'on_hold';
