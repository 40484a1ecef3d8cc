import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageShellError } from '../components/page-shell';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorList<T> {
  items: T[] | null;
  /** First page in flight (items is null or being replaced). */
  loading: boolean;
  loadingMore: boolean;
  error: PageShellError | null;
  /** A failed "load more"; the list stays and a retry is offered at the bottom. */
  moreError: string | null;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  /** Local edits after a decision (remove or replace an item) without a refetch. */
  setItems: (update: (items: T[]) => T[]) => void;
}

/**
 * A cursor-paginated list (`?cursor=&limit=`). `fetchPage` must be memoised by the caller; a
 * new one (new filter) restarts from the first page and drops answers to older requests.
 */
export function useCursorList<T>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
): CursorList<T> {
  const [items, setItemsState] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<PageShellError | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const page = await fetchPage(null);
      if (mine !== generation.current) return;
      setItemsState(page.items);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (mine !== generation.current) return;
      setItemsState(null);
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [fetchPage]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (!cursor || loading || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation.current) return;
      setItemsState((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (mine === generation.current) setMoreError(failure instanceof Error ? failure.message : '加载失败');
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, fetchPage, loading, loadingMore]);

  const setItems = useCallback((update: (items: T[]) => T[]) => {
    setItemsState((current) => (current ? update(current) : current));
  }, []);

  return {
    items,
    loading,
    loadingMore,
    error,
    moreError,
    hasMore: cursor !== null,
    reload,
    loadMore,
    setItems,
  };
}
