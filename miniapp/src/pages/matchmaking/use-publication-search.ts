import { useCallback, useEffect, useState } from 'react';
import type { CooperationMode, DemandProgress, Maturity, TransferMode } from '@alliance-hub/types';
import type { PublicationCardItem } from '../../components/publication-card';
import { listAchievements } from '../../services/achievements';
import { listDemands } from '../../services/demands';
import { useCursorList, type CursorPage } from '../../utils/use-cursor-list';
import type { PublicationKind } from './matchmaking-routes';

/** Filter values by chip key; '' = all. Achievements and demands have their own chips. */
export interface PublicationFilters {
  field: string;
  region: string;
  /** Achievements only. */
  maturity: Maturity | '';
  transferMode: TransferMode | '';
  /** Demands only. */
  cooperationMode: CooperationMode | '';
  progress: DemandProgress | '';
}

export const NO_FILTERS: PublicationFilters = {
  field: '',
  region: '',
  maturity: '',
  transferMode: '',
  cooperationMode: '',
  progress: '',
};

export const SEARCH_DEBOUNCE_MS = 300;
const PAGE_SIZE = 20;

export function hasFilters(filters: PublicationFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

/** One page of published achievements or demands, as cards. */
export async function fetchPublications(
  kind: PublicationKind,
  q: string,
  filters: PublicationFilters,
  cursor: string | null,
): Promise<CursorPage<PublicationCardItem>> {
  const shared = { q, field: filters.field, region: filters.region, cursor, limit: PAGE_SIZE };
  if (kind === 'achievement') {
    const page = await listAchievements({
      ...shared,
      maturity: filters.maturity,
      transferMode: filters.transferMode,
    });
    return { items: page.items.map((item) => ({ kind, item })), nextCursor: page.nextCursor };
  }
  const page = await listDemands({
    ...shared,
    cooperationMode: filters.cooperationMode,
    progress: filters.progress,
  });
  return { items: page.items.map((item) => ({ kind, item })), nextCursor: page.nextCursor };
}

/**
 * 对接 search state: 成果 | 需求, typed text (debounced into `q`), filter chips, and the cursor
 * list. Switching kind keeps the text but clears the kind-specific chips.
 */
export function usePublicationSearch(enabled: boolean, initialKind: PublicationKind = 'achievement') {
  const [kind, setKindState] = useState<PublicationKind>(initialKind);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<PublicationFilters>(NO_FILTERS);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return undefined;
    const timer = setTimeout(() => setQ(trimmed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, q]);

  // Until the session is known the list waits (an empty page) instead of drawing a 401.
  const fetchPage = useCallback(
    (cursor: string | null) =>
      enabled
        ? fetchPublications(kind, q, filters, cursor)
        : Promise.resolve({ items: [], nextCursor: null }),
    [enabled, kind, q, filters],
  );
  const list = useCursorList(fetchPage);

  const setKind = useCallback((next: PublicationKind) => {
    setKindState(next);
    setFilters((current) => ({ ...NO_FILTERS, field: current.field, region: current.region }));
  }, []);
  // Chip values come from the enums' own option lists, so a string from a chip is a valid value.
  const setFilter = useCallback(
    (key: keyof PublicationFilters, value: string) =>
      setFilters((current) => ({ ...current, [key]: value }) as PublicationFilters),
    [],
  );
  const clearFilters = useCallback(() => setFilters(NO_FILTERS), []);
  const searchNow = useCallback((value: string) => {
    setText(value);
    setQ(value.trim());
  }, []);
  const clearText = useCallback(() => searchNow(''), [searchNow]);

  return { kind, setKind, text, setText, q, searchNow, clearText, filters, setFilter, clearFilters, list };
}
