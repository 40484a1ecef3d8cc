import { useCallback, useEffect, useRef, useState } from 'react';
import type { AllianceRole, OrgKind, OrgSummaryView, PersonSummaryView } from '@alliance-hub/types';
import { listOrganizations, listPeople } from '../../services/directory';

export type DirectoryMode = 'orgs' | 'people';

export interface DirectoryFilters {
  kind: OrgKind | '';
  field: string;
  province: string;
  allianceRole: AllianceRole | '';
}

export const NO_FILTERS: DirectoryFilters = { kind: '', field: '', province: '', allianceRole: '' };
export const SEARCH_DEBOUNCE_MS = 300;
const PAGE_SIZE = 20;

export type DirectoryResults =
  { mode: 'orgs'; items: OrgSummaryView[] } | { mode: 'people'; items: PersonSummaryView[] };

interface SearchInput {
  mode: DirectoryMode;
  text: string;
  filters: DirectoryFilters;
}

/**
 * The last search survives the page being unmounted (e.g. H5 reloading the tab), so coming back
 * to 名录 shows what the user was looking at.
 */
let remembered: SearchInput = { mode: 'orgs', text: '', filters: NO_FILTERS };

export function resetRememberedSearch(): void {
  remembered = { mode: 'orgs', text: '', filters: NO_FILTERS };
}

export function hasFilters(filters: DirectoryFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

/**
 * Search state for the 名录 tab: typed text (debounced into `q`), mode, filters, and the cursor
 * pages loaded so far. A newer search wins: answers to older ones are dropped.
 */
export function useDirectorySearch(enabled: boolean) {
  const [mode, setModeState] = useState<DirectoryMode>(remembered.mode);
  const [text, setText] = useState(remembered.text);
  const [q, setQ] = useState(remembered.text.trim());
  const [filters, setFilters] = useState<DirectoryFilters>(remembered.filters);

  const [results, setResults] = useState<DirectoryResults | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    remembered = { mode, text, filters };
  }, [mode, text, filters]);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === q) return undefined;
    const timer = setTimeout(() => setQ(trimmed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, q]);

  const fetchPage = useCallback(
    async (cursor: string | null): Promise<DirectoryResults & { nextCursor: string | null }> => {
      if (mode === 'people') {
        const page = await listPeople({ q, cursor, limit: PAGE_SIZE });
        return { mode: 'people', items: page.items, nextCursor: page.nextCursor };
      }
      const page = await listOrganizations({ q, ...filters, cursor, limit: PAGE_SIZE });
      return { mode: 'orgs', items: page.items, nextCursor: page.nextCursor };
    },
    [mode, q, filters],
  );

  /** First page of the current search; `quiet` keeps the old rows on screen (pull-down refresh). */
  const reload = useCallback(
    async (quiet = false) => {
      const mine = ++generation.current;
      if (!quiet) {
        setLoading(true);
        setResults(null);
      }
      setError(null);
      setMoreError(null);
      setLoadingMore(false);
      try {
        const page = await fetchPage(null);
        if (mine !== generation.current) return;
        setResults({ mode: page.mode, items: page.items } as DirectoryResults);
        setNextCursor(page.nextCursor);
      } catch (failure) {
        if (mine !== generation.current) return;
        setError(failure as Error);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  const loadMore = useCallback(async () => {
    if (!results || !nextCursor || loading || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchPage(nextCursor);
      if (mine !== generation.current) return;
      setResults(
        (current) =>
          (current && current.mode === page.mode
            ? { mode: page.mode, items: [...current.items, ...page.items] }
            : { mode: page.mode, items: page.items }) as DirectoryResults,
      );
      setNextCursor(page.nextCursor);
    } catch (failure) {
      if (mine === generation.current) setMoreError(failure as Error);
    } finally {
      if (mine === generation.current) setLoadingMore(false);
    }
  }, [results, nextCursor, loading, loadingMore, fetchPage]);

  const setMode = useCallback((next: DirectoryMode) => setModeState(next), []);
  const setFilter = useCallback(
    (key: keyof DirectoryFilters, value: string) => setFilters((current) => ({ ...current, [key]: value })),
    [],
  );
  const clearFilters = useCallback(() => setFilters(NO_FILTERS), []);
  const searchNow = useCallback((value: string) => {
    setText(value);
    setQ(value.trim());
  }, []);
  const clearText = useCallback(() => searchNow(''), [searchNow]);

  return {
    mode,
    setMode,
    text,
    setText,
    q,
    searchNow,
    clearText,
    filters,
    setFilter,
    clearFilters,
    results,
    nextCursor,
    loading,
    error,
    loadingMore,
    moreError,
    reload,
    loadMore,
  };
}
