import type { IntentBoardColumn, IntentStage, IntentSummaryView } from '@alliance-hub/types';
import { appendPage, findCard, isOpen, placeCard } from './board-state';
import { intentSummary } from './test-support/intent-factories';

const column = (stage: IntentStage, items: IntentSummaryView[]): IntentBoardColumn => ({
  stage,
  count: items.length,
  amountTotal: items.reduce((sum, item) => sum + (item.amount ?? 0), 0),
  staleCount: items.filter((item) => item.stale).length,
  items,
  nextCursor: null,
});

describe('board state', () => {
  const a = intentSummary({ id: 'a', stage: 'negotiating', stale: true });
  const b = intentSummary({ id: 'b', stage: 'negotiating' });
  const c = intentSummary({ id: 'c', stage: 'signed', amount: 50 });
  const board = () => [column('negotiating', [a, b]), column('signed', [c])];

  it('should move a card to the top of its new column and fix both columns totals', () => {
    const moved = { ...a, stage: 'signed' as const, amount: 120, stale: false, version: a.version + 1 };
    const [negotiating, signed] = placeCard(board(), moved);
    expect(negotiating.items.map((i) => i.id)).toEqual(['b']);
    expect(negotiating).toMatchObject({ count: 1, staleCount: 0 });
    expect(signed.items.map((i) => i.id)).toEqual(['a', 'c']);
    expect(signed).toMatchObject({ count: 2, amountTotal: 170, staleCount: 0 });
  });

  it('should take a card off the board when it no longer matches the filter', () => {
    const lost = { ...b, status: 'lost' as const };
    const [negotiating, signed] = placeCard(board(), lost, isOpen);
    expect(negotiating.items.map((i) => i.id)).toEqual(['a']);
    expect(negotiating.count).toBe(1);
    expect(signed.count).toBe(1);
  });

  it('should replace a card in place when it stays in its stage (a 409 reload)', () => {
    const theirs = { ...b, version: 9, owner: { id: 'u2', displayName: '白衬衫·陈静' } };
    const [negotiating] = placeCard(board(), theirs);
    expect(negotiating.count).toBe(2);
    expect(findCard([negotiating], 'b')?.version).toBe(9);
  });

  it('should append a page without repeating cards already shown', () => {
    const d = intentSummary({ id: 'd', stage: 'signed' });
    const [, signed] = appendPage(board(), { stage: 'signed', items: [c, d], nextCursor: 'next' });
    expect(signed.items.map((i) => i.id)).toEqual(['c', 'd']);
    expect(signed.nextCursor).toBe('next');
  });
});
